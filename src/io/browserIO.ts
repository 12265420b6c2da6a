/**
 * The io/ services gathered into the one object the App receives (ui/documentIO.ts describes
 * it): main.tsx passes it in, because ui/ may not import io/ itself.
 */
import type { NetworkDocument } from '../domain/document';
import { appAutosave } from './autosave';
import { loadScenarioText, saveScenarioText, scenarioFileName } from './scenarioFile';
import { decodeShareLink, encodeShareLink, shareFragmentPayload } from './shareLink';

export const browserDocumentIO = {
  loadAutosaved: () => appAutosave().load(),
  autosave: (doc: NetworkDocument) => appAutosave().save(doc),
  flushAutosave: () => appAutosave().flush(),
  readScenario: loadScenarioText,
  writeScenario: (doc: NetworkDocument) => ({ text: saveScenarioText(doc), fileName: scenarioFileName(doc) }),
  encodeShareLink,
  decodeShareLink,
  hasShareLink: (hash: string) => shareFragmentPayload(hash) !== null,
};
