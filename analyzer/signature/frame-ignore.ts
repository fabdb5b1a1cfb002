// Frames that say how a process died, not where it went wrong: left out of top frames and
// fingerprints. Grouped by what they belong to; matched against the normalised function name.

export const FRAME_IGNORE_PATTERNS: Readonly<Record<string, readonly RegExp[]>> = {
  goRuntime: [
    /^runtime\.(?:gopanic|panicmem|panicmemAddr|sigpanic|throw|fatalthrow|fatalpanic|goPanic\w*|panicIndex|panicSlice\w*|panicdivide|panicshift|panicdottype\w*|panicnildottype|mapassign\w*|mapaccess\w*|mapiternext|mapdelete\w*|chansend\w*|closechan|raise|dieFromSignal|sighandler|sigtrampgo|sigtramp|crash|abort|morestack\w*|newstack|systemstack\w*|mcall|goexit\d*|cgocall|asmcgocall\w*|cgocallbackg\w*|cgocallback|unwindm|mallocgc|growslice|newobject|makeslice|(?:memmove|memclrNoHeapPointers)|throw\.func\d+|fatalthrow\.func\d+|fatalpanic\.func\d+|gopanic\.func\d+|preprintpanics\w*|printpanics|recovery|deferreturn|call\d+|reflectcall|sysMap|sysMapOS|\(\*mheap\)\.\w+|\(\*mcache\)\.\w+|\(\*mcentral\)\.\w+|largeAlloc|mProf_Malloc|persistentalloc\w*)$/,
    /^runtime\/debug\.(?:Stack|PrintStack)$/,
    // Go >= 1.17 prints the panicking frame as `panic({...})`.
    /^(?:panic|runtime\.panic)$/,
    /^_cgo_\w+$/,
    /^crosscall2$/,
    /^x_cgo_\w+$/,
  ],
  libc: [
    /^(?:__GI_)?(?:raise|gsignal|abort|__pthread_kill\w*|pthread_kill|__libc_message|__libc_fatal|__fortify_fail|__stack_chk_fail|__assert_fail\w*|__GI___assert_fail|malloc_printerr|_int_free\w*|_int_malloc|__libc_free|__GI___libc_free|cfree\w*|free|malloc|__libc_malloc|realloc|calloc|munmap_chunk|malloc_consolidate|__libc_start_main\w*|__libc_start_call_main|_start|clone3?|start_thread|__restore_rt|killpg|kill)$/,
    /^<signal handler called>$/,
    /^(?:\?\?|\(unknown\)|<unknown>|\[unknown\])$/,
  ],
  cxxStandardLibrary: [
    /^std::(?:__cxx11::|__1::)?(?:basic_string|vector|deque|list|map|set|unordered_\w+|_Rb_tree\w*|_Hashtable|__detail|_List_\w+|__shared_count|_Sp_counted\w*|shared_ptr|__shared_ptr|unique_ptr|default_delete|_Function_handler|function|_Function_base|thread|__invoke\w*|invoke|_Bind\w*|__future_base|_Sp_\w+|char_traits|allocator|allocator_traits|__new_allocator|_Destroy\w*|__uninitialized\w*)\b/,
    /^__gnu_cxx::/,
    /^_ZN?St/,
  ],
  allocators: [
    /^(?:tcmalloc::|\(anonymous namespace\)::(?:InvalidFree|do_free\w*|do_malloc\w*|do_allocate\w*|free_null_or_invalid|handle_oom|cpp_throw_oom|retry_malloc)|tc_\w+|je_\w+|jemalloc|mallocx|sdallocx|operator (?:new|delete)(?:\[\])?)/,
    /^(?:operator new|operator delete)\b/,
  ],
  crashHandlers: [
    /^(?:google::|glog_internal_namespace_::|dsn::utils::(?:dump_|process_abort)|dsn_coredump|dsn::dsn_coredump|__gnu_cxx::__verbose_terminate_handler|std::terminate|__cxxabiv1::\w+|__cxa_\w+|std::__terminate|_Unwind_\w+|(?:ceph::)?(?:HandleFatalSignal|handle_fatal_signal|__ceph_assert_fail|__ceph_abort)|signalHandler|signal_handler|sigsegvHandler|sigtermHandler|logStackTrace|BaseDaemon::\w+|SignalListener::\w+|JVM_handle_linux_signal|os::\w+|VMError::\w+|__sanitizer::\w+|__asan::\w+|__interceptor_\w+)/,
    /^(?:backtrace|backtrace_symbols\w*)$/,
  ],
  // Where a JVM allocates, grows a collection or runs a thread: like Go's mallocgc and goexit.
  javaRuntime: [
    /^java\.util\.(?:Arrays\.copyOf\w*|ArrayList\.(?:grow|add|addAll|ensureCapacity\w*)|HashMap\.(?:resize|putVal|put)|Arrays\$\w+\.\w+|concurrent\.(?:ThreadPoolExecutor(?:\$Worker)?\.(?:runWorker|run)|FutureTask\.run\w*|Executors\$RunnableAdapter\.call|ForkJoin\w+\.\w+))$/,
    /^java\.lang\.(?:Thread\.run\w*|AbstractStringBuilder\.\w+|StringBuilder\.\w+|StringLatin1\.\w+|StringUTF16\.\w+|reflect\.Method\.invoke)$/,
    /^(?:jdk\.internal\.reflect|sun\.reflect)\.\w[\w$.]*$/,
  ],
  // mongod's fatal-signal handler and its fassert()/invariant()/terminate() paths, demangled or not.
  mongodb: [
    /^mongo::(?:\(anonymous namespace\)::)?(?:printStackTrace\w*|printSignalAndBacktrace|abruptQuit\w*|myTerminate|endProcessWithSignal|breakpoint|writeMallocFreeStreamToLog|reportOutOfMemoryErrorAndExit|fassertFailed\w*|invariant\w{0,40}Failed\w{0,40})$/,
    /^mongo::stack_trace_detail::/,
    /^_ZN5mongo(?:\d+stack_trace_detail|12_GLOBAL__N_1\d+(?:abruptQuit|printSignalAndBacktrace|myTerminate)|\d+(?:printStackTrace|fassertFailed\w*|invariant\w{0,40}Failed\w{0,40}|endProcessWithSignal|breakpoint)E)/,
  ],
  // Seastar's reactor printing its own backtrace from the signal handler (a seastar-addr2line decoding).
  seastar: [/^(?:void )?seastar::(?:backtrace<|backtrace_buffer::|print_with_backtrace\b)/, /^(?:sigsegv_action|sigabrt_action)$/],
  rustPanic: [
    /^(?:std::panicking::\w+|std::panic::\w+|core::panicking::\w+|core::result::unwrap_failed|core::option::(?:expect_failed|unwrap_failed)|core::result::Result<.*>::(?:unwrap|expect)|core::option::Option<.*>::(?:unwrap|expect)|rust_begin_unwind|rust_panic\w*|__rust_\w+|std::sys_common::backtrace::\w+|std::sys::backtrace::\w+|std::rt::\w+|std::sys::\w+::abort_internal|tikv_util::set_panic_hook::\{\{closure\}\}|backtrace::\w+|<alloc::boxed::Box<F,A> as core::ops::function::Fn<Args>>::call)/,
  ],
}

const ALL_PATTERNS = Object.values(FRAME_IGNORE_PATTERNS).flat()

export function isIgnoredFrame(normalisedFunction: string): boolean {
  return normalisedFunction === '' || ALL_PATTERNS.some((re) => re.test(normalisedFunction))
}
