// A miniature of the RocksDB objects torn down when a checkpoint DB is closed.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace rocksdb {
namespace port {
// Allocation routine used inside "librocksdb"; resolved at startup (see rocksdb_shim.cpp).
void *cacheline_aligned_alloc(size_t size);
} // namespace port

class ColumnFamilyData {
public:
    ColumnFamilyData(unsigned id, const std::string &name);
    ~ColumnFamilyData();
private:
    unsigned id_;
    std::string name_;
    char *internal_stats_;   // allocated by port::cacheline_aligned_alloc
};

class ColumnFamilySet {
public:
    ~ColumnFamilySet();
    void Add(unsigned id, const std::string &name) { cfds_.push_back(new ColumnFamilyData(id, name)); }
private:
    std::vector<ColumnFamilyData *> cfds_;
};

class VersionSet {
public:
    explicit VersionSet(const std::string &dbname);
    ~VersionSet();
private:
    std::string dbname_;
    ColumnFamilySet *column_family_set_;
};

class DBImpl {
public:
    explicit DBImpl(const std::string &dbname);
    ~DBImpl();
    const std::string &name() const { return dbname_; }
private:
    std::string dbname_;
    VersionSet *versions_;
};
} // namespace rocksdb
