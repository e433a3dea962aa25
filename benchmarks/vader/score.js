#!/usr/bin/env node
// The VADER reference scorer (npm vader-sentiment, pinned in package-lock.json), as the peer Earshot is measured
// against by benchmarks/run.sh.
//
// Input (stdin): one text per line, each a JSON string literal ("..." with JSON escapes), so texts may hold newlines.
//
//   node score.js                 one JSON object per input line on stdout, in input order:
//                                 {"compound":0.705,"pos":0.494,"neg":0,"neu":0.506}
//   node score.js --bench W M     single-threaded throughput: scores the texts in passes for W seconds of warm-up,
//                                 then for at least M seconds, and prints one JSON object:
//                                 {"texts":N,"seconds":S,"textsPerSecond":R,"cpuSeconds":C,"textsPerCpuSecond":Q,
//                                 "node":"v20.x"} (C: the process's user + system CPU time while measuring, so Q
//                                 holds on a busy machine where the wall-clock rate R does not)
'use strict';

const vader = require('vader-sentiment');

function readTexts() {
  const input = require('fs').readFileSync(0, 'utf8');
  const lines = input.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines.map((line, i) => {
    try {
      const text = JSON.parse(line);
      if (typeof text !== 'string') {
        throw new Error('not a JSON string');
      }
      return text;
    } catch (e) {
      throw new Error(`line ${i + 1}: expected a JSON string literal (${e.message})`);
    }
  });
}

function scoreAll(texts) {
  const out = [];
  for (const text of texts) {
    const s = vader.SentimentIntensityAnalyzer.polarity_scores(text);
    out.push(JSON.stringify({compound: s.compound, pos: s.pos, neg: s.neg, neu: s.neu}));
  }
  process.stdout.write(out.length ? out.join('\n') + '\n' : '');
}

function bench(texts, warmupSeconds, measureSeconds) {
  if (texts.length === 0) {
    throw new Error('--bench needs at least one text on stdin');
  }
  let sink = 0;
  const pass = () => {
    for (const text of texts) {
      sink += vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
    }
  };
  const now = () => Number(process.hrtime.bigint()) / 1e9;
  let start = now();
  while (now() - start < warmupSeconds) {
    pass();
  }
  let scored = 0;
  const cpu0 = process.cpuUsage();
  start = now();
  let elapsed = 0;
  do {
    pass();
    scored += texts.length;
    elapsed = now() - start;
  } while (elapsed < measureSeconds);
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(JSON.stringify({
    texts: scored,
    seconds: elapsed,
    textsPerSecond: scored / elapsed,
    cpuSeconds: cpuSeconds,
    textsPerCpuSecond: scored / cpuSeconds,
    node: process.version,
    checksum: sink,
  }) + '\n');
}

function main(argv) {
  const texts = readTexts();
  if (argv[0] === '--bench') {
    const warmup = Number(argv[1] ?? 3);
    const measure = Number(argv[2] ?? 5);
    if (!(warmup >= 0) || !(measure > 0)) {
      throw new Error('usage: node score.js --bench WARMUP_SECONDS MEASURE_SECONDS < texts');
    }
    bench(texts, warmup, measure);
  } else if (argv.length === 0) {
    scoreAll(texts);
  } else {
    throw new Error('usage: node score.js [--bench WARMUP_SECONDS MEASURE_SECONDS] < texts (one JSON string a line)');
  }
}

try {
  main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`score.js: ${e.message}\n`);
  process.exit(2);
}
