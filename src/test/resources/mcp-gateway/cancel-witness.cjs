// Preloaded (node -r) into an upstream server the tests start: it reports on stderr every notifications/cancelled the
// server receives, as a server that logs its cancellations would. Tandem logs an upstream's stderr under its name.
let pending = '';
const emit = process.stdin.emit;
process.stdin.emit = function (event, chunk, ...rest) {
  if (event === 'data') {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop();
    for (const line of lines) {
      if (line.includes('"notifications/cancelled"')) {
        const { params } = JSON.parse(line);
        process.stderr.write(`cancelled request ${params.requestId}: ${params.reason}\n`);
      }
    }
  }
  return emit.call(this, event, chunk, ...rest);
};
