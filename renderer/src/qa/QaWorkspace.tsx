import { Deck } from '../deck/Deck';

/** The QA reviewer's workspace; until its own views land, reviewers see the (read-only for them) deck. */
export function QaWorkspace() {
  return <Deck />;
}
