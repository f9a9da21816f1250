import { Deck } from '../deck/Deck';

/** The branch lead's workspace; until its own views land, leads work in the deck. */
export function LeadWorkspace() {
  return <Deck />;
}
