// Mistakes the package's types must reject (tsc fails on an unused @ts-expect-error).
import { init, type BiscotteConfig } from 'biscotte';
// @ts-expect-error: there is no such language pack
import klingon from 'biscotte/texts/tlh';

// @ts-expect-error: an optional category cannot be pre-ticked
const preTicked: BiscotteConfig = { categories: [{ id: 'statistical', enabled: true }] };
// @ts-expect-error: unknown layout
const layout: BiscotteConfig = { layout: 'popup' };
// @ts-expect-error: unknown preset
const preset: BiscotteConfig = { categories: [{ id: 'statistical', services: [{ preset: 'hotjar' }] }] };
// @ts-expect-error: a service needs an id or a preset
const anonymous: BiscotteConfig = { categories: [{ id: 'statistical', services: [{ label: 'x' }] }] };
// @ts-expect-error: unknown text key
const text: BiscotteConfig = { texts: { en: { acceptEverything: 'Yes' } } };
// @ts-expect-error: unknown Consent Mode type
const mode: BiscotteConfig = { consentMode: { analytics: 'statistical' } };
// @ts-expect-error: revision is a number
const revision: BiscotteConfig = { revision: '2' };
// @ts-expect-error: init takes a configuration, not a callback
init(() => {});

export { klingon, preTicked, layout, preset, anonymous, text, mode, revision };
