import { describe, expect, it } from 'vitest';
import { downloadProblem, expectedDownload } from './downloadProblem';

const headers = (h: Record<string, string>) => (name: string) => h[name] ?? null;

describe('expectedDownload(listed, headers)', () => {
  it('takes the Hub’s file list first, then x-linked-size / x-linked-etag, then an unencoded Content-Length', () => {
    const sha = 'b'.repeat(64);
    expect(expectedDownload({ size: 10, sha256: sha }, [headers({ 'content-length': '5' })])).toEqual({ bytes: 10, bytesFrom: "the Hub's file list", sha256: sha });
    expect(expectedDownload(undefined, [headers({ 'x-linked-size': '7', 'x-linked-etag': `"${sha}"` }), headers({ 'content-length': '5' })])).toEqual({ bytes: 7, bytesFrom: 'x-linked-size', sha256: sha });
    expect(expectedDownload(undefined, [headers({ 'content-length': '5' })])).toEqual({ bytes: 5, bytesFrom: 'Content-Length' });
    expect(expectedDownload(undefined, [headers({ 'content-length': '5', 'content-encoding': 'gzip' })])).toEqual({});
    // A git blob's ETag (sha1, not of the contents) is no sha256.
    expect(expectedDownload(undefined, [headers({ 'x-linked-etag': '"' + 'c'.repeat(40) + '"' })])).toEqual({});
  });
});

describe('downloadProblem(file, received, expected)', () => {
  it('a body shorter or longer than announced, a wrong sha256, or an HTML page is a problem; the right bytes are not', () => {
    expect(downloadProblem('onnx/model.onnx', { bytes: 100 }, { bytes: 100 })).toBeUndefined();
    expect(downloadProblem('onnx/model.onnx', { bytes: 40 }, { bytes: 100, bytesFrom: 'x-linked-size' })).toBe('the download of onnx/model.onnx was cut short: 40 bytes arrived, x-linked-size says 100');
    expect(downloadProblem('m.onnx', { bytes: 120 }, { bytes: 100 })).toMatch(/longer than announced/);
    expect(downloadProblem('m.onnx', { bytes: 1, sha256: 'a'.repeat(64) }, { sha256: 'b'.repeat(64) })).toMatch(/is damaged: its sha256 is a+, the Hub lists b+/);
    expect(downloadProblem('config.json', { bytes: 10, contentType: 'text/html; charset=utf-8' }, {})).toMatch(/answered config.json with an HTML page/);
    expect(downloadProblem('README.html', { bytes: 10, contentType: 'text/html' }, {})).toBeUndefined();
  });
});
