export * from './types';
export { decideSuitability, decideBaseSuitability, applyElderlyRule } from './decide';
export {
  parseCalendarDate,
  compareCalendarDates,
  addYears,
  ageFromBirthYear,
  type CalendarDate,
} from './dates';
export {
  parseProducts,
  parseCards,
  productSchema,
  cardSchema,
  CatalogError,
  type Product,
  type Card,
  type Business,
} from './catalog';
