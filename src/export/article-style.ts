/**
 * Typography shared by the standalone HTML and the EPUB. Fonts are named, never embedded: each system's own
 * Chinese serif, picked by the article's `lang` so traditional text gets traditional glyph shapes.
 */
export const ARTICLE_CSS = `
article{font-family:"Noto Serif CJK SC","Noto Serif SC","Source Han Serif SC","Songti SC",serif;line-height:1.8}
article:lang(zh-Hant){font-family:"Noto Serif CJK TC","Noto Serif TC","Source Han Serif TC","Songti TC",serif}
h1{font-size:1.6em;line-height:1.4}
.lead{font-weight:bold}
.meta,.tags,.source{color:var(--muted,#6b6b6b);font-size:.85em}
footer{margin-top:2em}
.source{word-break:break-all}
img{max-width:100%;height:auto}
figure{margin:1.5em 0}
figcaption{color:var(--muted,#6b6b6b);font-size:.85em}
blockquote{margin:1em 0;padding-left:1em;border-left:3px solid var(--muted,#6b6b6b)}
em,i{font-style:normal;text-emphasis:filled dot;text-emphasis-position:under right}
`;
