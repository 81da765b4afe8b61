/**
 * Labels every line a child process prints with the process's name, so the output of
 * several processes interleaved on one page can be told apart. Text arrives in arbitrary
 * pieces; a label is added at the start of each line, however the lines were split.
 */
export function linePrefixer(label: () => string): (text: string) => string {
  let atLineStart = true;
  return (text) => {
    let result = '';
    for (const piece of text.split(/(?<=\n)/)) {
      if (piece === '') continue;
      result += (atLineStart ? label() : '') + piece;
      atLineStart = piece.endsWith('\n');
    }
    return result;
  };
}
