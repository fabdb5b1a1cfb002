import {describe, expect, test} from 'vitest'
import {fingerprint, normaliseFunction, topFrames} from '../../../analyzer/signature/fingerprint.js'

describe('normaliseFunction', () => {
  test.each([
    ['github.com/tecbot/gorocksdb.(*DB).Write(0xc00b12dcd0, 0xc00cc1c5b8, 0x7)', 'github.com/tecbot/gorocksdb.(*DB).Write'],
    ['runtime.throw({0x18df1b9, 0x7f23ff7fe580})', 'runtime.throw'],
    ['main.main()', 'main.main'],
    ['rocksdb::ColumnFamilyData::~ColumnFamilyData()', 'rocksdb::ColumnFamilyData::~ColumnFamilyData'],
    ['(anonymous namespace)::InvalidFree(void*)', '(anonymous namespace)::InvalidFree'],
    ['dsn::utils::filesystem::get_normalized_path(std::string const&, std::string&) const', 'dsn::utils::filesystem::get_normalized_path'],
    ['std::vector<int, std::allocator<int> >::operator[](unsigned long)', 'std::vector<int, std::allocator<int> >::operator[]'],
  ])('%s', (printed, expected) => {
    expect(normaliseFunction(printed)).toBe(expected)
  })
})

test('top frames skip runtime, libc, allocator and crash-handler frames', () => {
  const frames = ['raise', 'abort', 'tcmalloc::Log(tcmalloc::LogMode, char const*, int)', '(anonymous namespace)::InvalidFree(void*)', 'rocksdb::ColumnFamilyData::~ColumnFamilyData()', 'rocksdb::VersionSet::~VersionSet()', 'rocksdb::DBImpl::~DBImpl()', 'main']
  expect(topFrames(frames.map((f) => ({function: f})))).toEqual(['rocksdb::ColumnFamilyData::~ColumnFamilyData', 'rocksdb::VersionSet::~VersionSet', 'rocksdb::DBImpl::~DBImpl'])
  const go = ['runtime.throw({0x1, 0x2})', 'runtime.sigpanic()', 'runtime.cgocall(0x1, 0x2)', 'github.com/tecbot/gorocksdb._Cfunc_rocksdb_write(0x1)', 'github.com/tecbot/gorocksdb.(*DB).Write.func1(0x1)']
  expect(topFrames(go.map((f) => ({function: f})))).toEqual(['github.com/tecbot/gorocksdb._Cfunc_rocksdb_write', 'github.com/tecbot/gorocksdb.(*DB).Write.func1'])
})

test('fingerprints ignore addresses and numbers but not the code path or kind', () => {
  const a = fingerprint('sigsegv', ['main.(*Store).Put.func12', 'main.apply'], null)
  expect(fingerprint('sigsegv', ['main.(*Store).Put.func3', 'main.apply'], null)).toBe(a)
  expect(fingerprint('abort', ['main.(*Store).Put.func12', 'main.apply'], null)).not.toBe(a)
  expect(fingerprint('sigsegv', ['main.(*Store).Get', 'main.apply'], null)).not.toBe(a)
})

test('unknown frames and C++ standard library internals give way to the caller', () => {
  const frames = ['(unknown)', 'std::__cxx11::basic_string<>::_M_mutate()', '_ZNSt6thread11_State_implINS_8_InvokerE6_M_runEv', 'dsn::utils::filesystem::path_combine()', 'dsn::replication::replica_bulk_loader::download_sst_file()']
  expect(topFrames(frames.map((f) => ({function: f})), 2)).toEqual(['dsn::utils::filesystem::path_combine', 'dsn::replication::replica_bulk_loader::download_sst_file'])
})
