import {EventEmitter} from 'node:events'

/** A stdin ink can read keys from: `press` delivers text as one read, as a terminal in raw mode does. */
export class FakeKeyboard extends EventEmitter {
  isTTY = true
  data: string | null = null
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => {
    const {data} = this
    this.data = null
    return data
  }
  press(text: string) {
    this.data = text
    this.emit('readable')
    this.emit('data', text)
  }
}
