// A worker thread scanning one range of a large file (see scan-file.ts).
import {parentPort, workerData} from 'node:worker_threads'
import {scanRange, type RangeTask} from './scan-range.js'

const PROGRESS_EVERY_BYTES = 8 << 20

const task = workerData as RangeTask
let reported = 0
const progress = {
  value: 0,
  get bytes() {
    return this.value
  },
  set bytes(n: number) {
    this.value = n
    if (n - reported >= PROGRESS_EVERY_BYTES) {
      reported = n
      parentPort!.postMessage({type: 'progress', bytes: n})
    }
  },
}

scanRange(task, progress).then(
  (result) => parentPort!.postMessage({type: 'done', result}),
  (error: NodeJS.ErrnoException) => parentPort!.postMessage({type: 'error', error: {message: error.message, code: error.code}}),
)
