import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { epubExport } from '../../src/export/epub';
import { CORPUS_SKIP } from '../support/corpus';
import { epubcheck, inspectEpub } from '../support/epub';
import { corpusArticles, exportWindow, fixtureArticle, itemWithImages, itemWithPictures, missingParagraphs, seedArticle } from '../support/export-items';

const FIXED = { identifier: '0f8fad5b-d9cb-469f-a165-70867728950e', modified: new Date('2024-03-12T10:20:30.456Z') };
const bookOf = (items: Parameters<typeof epubExport>[0]) => epubExport(items, exportWindow, FIXED).content as Uint8Array;
const chapterText = (doc: Document) => doc.getElementsByTagName('body')[0]!.textContent ?? '';

test('several articles make one valid EPUB 3: mimetype first and stored, container, package, nav, XHTML chapters', () => {
  const articles = [seedArticle(), fixtureArticle('tw-article'), fixtureArticle('cn-article')];
  const file = epubExport(
    articles.map((a) => itemWithImages(a)),
    exportWindow,
    FIXED,
  );
  assert.equal(file.mimeType, 'application/epub+zip');
  assert.equal(file.fileName, 'rfi-3-articles.epub');
  const book = inspectEpub(file.content as Uint8Array);
  assert.deepEqual(book.problems, []);
  assert.equal(book.entries[0], 'mimetype');
  assert.equal(book.identifier, `urn:uuid:${FIXED.identifier}`);
  assert.equal(book.modified, '2024-03-12T10:20:30Z');
  // Two simplified articles to one traditional: the book is simplified and says it also holds traditional.
  assert.deepEqual(book.languages, ['zh-Hans', 'zh-Hant']);
  assert.equal(book.title, `${articles[0]!.title} 等 3 篇`);
  assert.deepEqual(
    book.toc.map((t) => t.title),
    articles.map((a) => a.title),
  );
  // The table of contents comes first, then every article in the order chosen.
  assert.equal(book.spine.length, 4);
  assert.deepEqual(
    book.toc.map((t) => t.path),
    book.spine.slice(1),
  );
  book.spine.slice(1).forEach((path, i) => {
    const doc = book.documents.get(path)!;
    assert.equal(doc.documentElement.getAttribute('xml:lang'), articles[i]!.lang);
    assert.equal(doc.getElementsByTagName('h1')[0]?.textContent, articles[i]!.title);
    assert.deepEqual(missingParagraphs(articles[i]!, chapterText(doc)), [], path);
  });
  assert.doesNotMatch(strFromU8(book.files[book.spine[1]!]!), /&nbsp;|<br>/);
});

test('every saved image is in the book byte for byte; a missing one leaves its caption and no broken image', () => {
  const article = fixtureArticle('cn-article');
  const missing = article.images[0]!;
  const item = itemWithImages(article, [missing.src]);
  const book = inspectEpub(bookOf([item]));
  assert.deepEqual(book.problems, []);
  const imageFiles = book.manifest.filter((m) => m.mediaType.startsWith('image/'));
  assert.equal(imageFiles.length, item.images.size);
  for (const [src, image] of item.images) {
    assert.ok(
      imageFiles.some((m) => m.mediaType === image.type && Buffer.from(book.files[m.path]!).equals(image.bytes)),
      `${src} is not in the book`,
    );
  }
  const chapter = book.documents.get(book.spine[1]!)!;
  assert.equal(chapter.getElementsByTagName('img').length, item.images.size);
  assert.ok(chapterText(chapter).includes(missing.caption), 'the missing image keeps its caption');
});

test("a book from one article has the article's name, language and title", () => {
  const article = fixtureArticle('tw-article');
  const file = epubExport([itemWithImages(article)], exportWindow, FIXED);
  assert.match(file.fileName, /^\d{8}-台灣離岸風電進入第三階段-在地供應鏈面臨考驗\.epub$/);
  const book = inspectEpub(file.content as Uint8Array);
  assert.deepEqual(book.problems, []);
  assert.deepEqual(book.languages, ['zh-Hant']);
  assert.equal(book.title, article.title);
  assert.equal(book.documents.get(book.spine[0]!)!.getElementsByTagName('h1')[0]?.textContent, '目錄');
});

test('the same selection, identifier and date give the same bytes', () => {
  const items = [itemWithImages(seedArticle()), itemWithImages(fixtureArticle('cn-article'))];
  assert.ok(Buffer.from(bookOf(items)).equals(bookOf(items)));
});

test('the EPUB checker itself catches a compressed mimetype, an undeclared or missing file and broken XHTML', () => {
  const files = unzipSync(bookOf([itemWithImages(fixtureArticle('cn-article'))]));
  const rezip = (change: (z: Zippable) => void, mimetypeLevel: 0 | 6 = 0) => {
    const z: Zippable = { mimetype: [files['mimetype']!, { level: mimetypeLevel }] };
    for (const [name, data] of Object.entries(files)) if (name !== 'mimetype') z[name] = data;
    change(z);
    return inspectEpub(zipSync(z)).problems;
  };
  assert.deepEqual(
    rezip(() => {}),
    [],
  );
  assert.ok(rezip(() => {}, 6).some((p) => /mimetype is compressed/.test(p)));
  const image = Object.keys(files).find((n) => n.startsWith('EPUB/images/'))!;
  assert.ok(rezip((z) => delete z[image]).some((p) => p.includes(`${image} is not in the container`)));
  assert.ok(rezip((z) => (z['EPUB/extra.txt'] = strToU8('x'))).some((p) => /extra\.txt is not in the manifest/.test(p)));
  const chapter = 'EPUB/text/article-001.xhtml';
  assert.ok(rezip((z) => (z[chapter] = strToU8(strFromU8(files[chapter]!).replace('</h1>', '&nbsp;</h1>')))).some((p) => /not well-formed/.test(p)));
});

test('the real corpus as one book is valid and lists every article', { skip: CORPUS_SKIP }, () => {
  const articles = corpusArticles();
  const book = inspectEpub(bookOf(articles.map((a) => itemWithImages(a))));
  assert.deepEqual(book.problems, []);
  assert.deepEqual(
    book.toc.map((t) => t.title),
    articles.map((a) => a.title),
  );
  const images = new Set(articles.flatMap((a) => [...(a.heroImage ? [a.heroImage.src] : []), ...a.images.map((i) => i.src)]));
  assert.equal(book.manifest.filter((m) => m.mediaType.startsWith('image/')).length, images.size);
});

test('the book names each byline once as dc:creator and RFI as dc:publisher, and EPUBCheck finds nothing wrong', () => {
  const articles = [
    fixtureArticle('cn-article'),
    seedArticle(),
    fixtureArticle('tw-article'),
    { ...fixtureArticle('cn-article'), canonicalUrl: 'https://www.rfi.fr/cn/again' },
  ];
  const bytes = bookOf(articles.map(itemWithPictures));
  const book = inspectEpub(bytes);
  assert.deepEqual(book.problems, []);
  // The seed article is unsigned; 艾文 signs two articles and is named once.
  assert.deepEqual(book.creators, ['艾文', '林可欣']);
  assert.deepEqual(book.publishers, ['RFI']);
  assert.deepEqual(epubcheck(bytes), []);
});

test('a chapter dates its article in Paris time with the zone named, lists its tags and shows a readable source', () => {
  const article = fixtureArticle('tw-article');
  const book = inspectEpub(bookOf([itemWithImages(article)]));
  const chapter = book.documents.get(book.spine[1]!)!;
  const time = chapter.getElementsByTagName('time')[0]!;
  assert.equal(time.textContent, '2024年4月15日 08:30（巴黎時間）');
  assert.equal(time.getAttribute('datetime'), article.publishedAt);
  const footer = chapter.getElementsByTagName('footer')[0]!;
  assert.equal(footer.getElementsByTagName('p')[0]?.textContent, '標籤：台灣、能源轉型、氣候變遷');
  const link = footer.getElementsByTagName('a')[0]!;
  assert.equal(link.getAttribute('href'), article.canonicalUrl);
  assert.equal(link.textContent, 'https://www.rfi.fr/tw/港澳台/20240415-台灣離岸風電進入第三階段-在地供應鏈面臨考驗');
});

test('EPUBCheck itself fails a book that breaks the rules (an undeclared file, a broken picture)', () => {
  const files = unzipSync(bookOf([itemWithPictures(fixtureArticle('cn-article'))]));
  const z: Zippable = { mimetype: [files['mimetype']!, { level: 0 }] };
  for (const [name, data] of Object.entries(files)) if (name !== 'mimetype') z[name] = name.startsWith('EPUB/images/') ? data.subarray(0, 40) : data;
  z['EPUB/extra.xhtml'] = strToU8('<html/>');
  const problems = epubcheck(zipSync(z));
  assert.ok(
    problems.some((p) => /PKG-021/.test(p)),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => /extra\.xhtml/.test(p)),
    problems.join('\n'),
  );
});
