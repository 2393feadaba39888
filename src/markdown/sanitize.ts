// HTML sanitizing on a parsed tree (sanitize-html / htmlparser2), with the
// policy JupyterLab applies to markdown (packages/apputils/src/sanitizer.ts,
// BSD-3-Clause, Jupyter Development Team): its allowed tags and attributes,
// no <script>/<style>/<iframe>, no on* handlers, no javascript: URLs.
import type SanitizeHtml from 'sanitize-html';

// sanitize-html (with htmlparser2 and postcss) is a large part of what nbx
// loads; markdown without raw HTML never needs it (see render-html.ts), so it
// is loaded on demand: exporters await loadSanitizer() before rendering.
let sanitizeHtml: typeof SanitizeHtml | undefined;

export async function loadSanitizer(): Promise<void> {
  sanitizeHtml ??= (await import('sanitize-html')).default;
}

function sanitizer(): typeof SanitizeHtml {
  if (!sanitizeHtml) throw new Error('sanitize-html is not loaded: await loadSanitizer() first');
  return sanitizeHtml;
}

const words = (s: string) => s.trim().split(/\s+/);

const ALLOWED_TAGS = words(`a abbr acronym address area article aside audio b bdi bdo big blockquote br button
  canvas caption center cite code col colgroup colspan command data datalist dd del details dfn dir div dl dt em
  fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 header hgroup hr i img input ins kbd label legend
  li map mark menu meter nav nobr ol optgroup option output p pre progress q rowspan s samp section select small
  source span strike strong sub summary sup table tbody td textarea tfoot th thead time tr track tt u ul var video wbr`);

const CELL_ATTRS = words('abbr align axis bgcolor char charoff colspan headers height nowrap rowspan scope valign width');
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  '*': words('class dir draggable hidden id inert itemprop itemref itemscope lang spellcheck style title translate'),
  a: words('accesskey coords href hreflang name rel shape tabindex target type'),
  area: words('accesskey alt coords href nohref shape tabindex'),
  audio: words('autoplay controls loop mediagroup muted preload src'),
  bdo: ['dir'], blockquote: ['cite'], br: ['clear'],
  button: words('accesskey disabled name tabindex type value'),
  canvas: ['height', 'width'], caption: ['align'],
  col: words('align char charoff span valign width'), colgroup: words('align char charoff span valign width'),
  data: ['value'], del: ['cite', 'datetime'], details: ['open'], dir: ['compact'], div: ['align'], dl: ['compact'],
  fieldset: ['disabled'], font: ['color', 'face', 'size'],
  form: words('accept autocomplete enctype method name novalidate'),
  h1: ['align'], h2: ['align'], h3: ['align'], h4: ['align'], h5: ['align'], h6: ['align'],
  hr: words('align noshade size width'),
  img: words('align alt border height hspace ismap name src usemap vspace width'),
  input: words(`accept accesskey align alt autocomplete checked disabled inputmode ismap list max maxlength min
    multiple name placeholder readonly required size src step tabindex type usemap value`),
  ins: ['cite', 'datetime'], label: ['accesskey', 'for'], legend: ['accesskey', 'align'], li: ['type', 'value'],
  map: ['name'], menu: words('compact label type'), meter: words('high low max min value'),
  ol: words('compact reversed start type'), optgroup: ['disabled', 'label'], option: words('disabled label selected value'),
  output: ['for', 'name'], p: ['align'], pre: ['width'], progress: words('max min value'), q: ['cite'],
  select: words('autocomplete disabled multiple name required size tabindex'), source: ['type'],
  table: words('align bgcolor border cellpadding cellspacing frame rules summary width'),
  tbody: words('align char charoff valign'), td: CELL_ATTRS, th: CELL_ATTRS,
  textarea: words('accesskey autocomplete cols disabled inputmode name placeholder readonly required rows tabindex wrap'),
  tfoot: words('align char charoff valign'), thead: words('align char charoff valign'),
  tr: words('align bgcolor char charoff valign'), track: words('default kind label srclang'), ul: ['compact', 'type'],
  video: words('autoplay controls height loop mediagroup muted poster preload src width'),
};

// JupyterLab validates each CSS property's value with a grammar; we allow the
// same properties, and in their values only functions that cannot load or run
// anything: url(), image-set('http://…' 1x), -webkit-image-set(), image(),
// src(), expression() are all refused (a value with any other function is).
const CSS_FUNCTIONS = 'rgba?|hsla?|hwb|calc|min|max|clamp|(?:repeating-)?(?:linear|radial|conic)-gradient|rotate|scale|translate[xy]?|skew[xy]?|matrix|rect|inset';
const SAFE_CSS_VALUE = [new RegExp(`^(?!.*(?:javascript:|@import|\\\\|behavior))(?:[^(]|(?<=(?:^|[^\\w-])(?:${CSS_FUNCTIONS})\\s*)\\()*$`, 'i')];
const CSS_PROPERTIES = words(`backface-visibility background background-attachment background-clip background-color
  background-origin background-position background-repeat background-size border border-bottom border-bottom-color
  border-bottom-left-radius border-bottom-right-radius border-bottom-style border-bottom-width border-collapse
  border-color border-left border-left-color border-left-style border-left-width border-radius border-right
  border-right-color border-right-style border-right-width border-spacing border-style border-top border-top-color
  border-top-left-radius border-top-right-radius border-top-style border-top-width border-width bottom box box-shadow
  box-sizing caption-side clear clip color cursor direction display elevation empty-cells float font font-family
  font-size font-stretch font-style font-variant font-weight height left letter-spacing line-height list-style
  list-style-position list-style-type margin margin-bottom margin-left margin-right margin-top max-height max-width
  min-height min-width opacity outline outline-color outline-style outline-width overflow overflow-wrap overflow-x
  overflow-y padding padding-bottom padding-left padding-right padding-top page-break-after page-break-before
  page-break-inside position quotes resize right table-layout text-align text-decoration text-indent text-overflow
  text-shadow text-transform text-wrap top unicode-bidi vertical-align visibility white-space width word-break
  word-spacing word-wrap z-index zoom`);
const ALLOWED_STYLES = { '*': Object.fromEntries(CSS_PROPERTIES.map((p) => [p, SAFE_CSS_VALUE])) };

/** The schemes JupyterLab's sanitizer keeps in links (others lose their href). */
export const LINK_SCHEMES = ['http', 'https', 'ftp', 'mailto', 'tel'];

/** Rewrites an <img src> (attachments, local files) before it is checked. */
export type ImageResolver = (src: string) => string;

function options(resolveImage?: ImageResolver): SanitizeHtml.IOptions {
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedStyles: ALLOWED_STYLES,
    allowedSchemes: LINK_SCHEMES,
    allowedSchemesByTag: { img: ['http', 'https', 'data'], audio: ['http', 'https', 'data'], video: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'poster'],
    allowProtocolRelative: false,
    transformTags: {
      a: sanitizer().simpleTransform('a', { rel: 'nofollow' }),
      input: sanitizer().simpleTransform('input', { disabled: 'disabled' }),
      ...(resolveImage && {
        img: (tagName: string, attribs: SanitizeHtml.Attributes) =>
          ({ tagName, attribs: attribs.src ? { ...attribs, src: resolveImage(attribs.src) } : attribs }),
      }),
    },
    // Keep the text of dropped tags (as JupyterLab), but never the body of scripts and styles.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title'],
  };
}

let defaultOptions: SanitizeHtml.IOptions | undefined;

/** Sanitizes markdown-produced (or untrusted output) HTML with JupyterLab's policy. */
export function sanitizeMarkdownHtml(html: string, resolveImage?: ImageResolver): string {
  return sanitizer()(html, resolveImage ? options(resolveImage) : (defaultOptions ??= options()));
}


// An SVG written as its own file (markdown, RST exports) runs its scripts when
// opened in a browser: under --sanitize only drawing elements stay, without
// event handlers, and links only to fragments or embedded raster images.
const SVG_TAGS = `svg g path rect circle ellipse line polyline polygon text tspan textPath defs use symbol clipPath mask
  pattern linearGradient radialGradient stop marker title desc image filter feGaussianBlur feOffset feBlend feFlood
  feComposite feMerge feMergeNode feColorMatrix`;
const SAFE_LINK = /^\s*(?:#|data:image\/(?:png|jpeg|gif|webp);)/i;

/** An SVG document with only drawing elements and attributes (no scripts, handlers, external links). */
export function sanitizeSvg(svg: string): string {
  return sanitizer()(svg, {
    allowedTags: words(SVG_TAGS),
    allowedAttributes: false,
    parser: { xmlMode: true },
    transformTags: {
      '*': (tagName: string, attribs: SanitizeHtml.Attributes) => ({
        tagName,
        attribs: Object.fromEntries(Object.entries(attribs).filter(([name, value]) =>
          !/^on/i.test(name) && !/javascript:|vbscript:|url\s*\(\s*['"]?\s*(?!#)/i.test(value) &&
          (!/(?:^|:)href$/i.test(name) || SAFE_LINK.test(value)))),
      }),
    },
    nonTextTags: ['script', 'style', 'foreignObject', 'foreignobject'],
  });
}
