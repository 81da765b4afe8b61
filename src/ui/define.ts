// Registers the site's custom elements. Engines and the editor load later, on demand.
import { ExperimentElement } from './experiment-element';
import { PlaygroundElement } from './playground-element';
import { SnippetElement } from './snippet-element';

if (!customElements.get('pcm-snippet')) customElements.define('pcm-snippet', SnippetElement);
if (!customElements.get('pcm-experiment')) customElements.define('pcm-experiment', ExperimentElement);
if (!customElements.get('pcm-playground')) customElements.define('pcm-playground', PlaygroundElement);
