// Stands in for react-devtools-core in the monitor's bundle: ink loads it only when DEV=true, and
// storctl does not ship React's devtools.
export default {
  connectToDevTools(): never {
    throw new Error('React devtools are not part of storctl: run the monitor without DEV=true')
  },
}
