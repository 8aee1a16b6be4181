import Engine
/// Python `set` and `frozenset`, laid out as CPython 3.11 lays them out (Objects/setobject.c):
/// an open-addressing table of 8 slots to start with, probed 9 slots linearly and then by
/// `i = i*5 + 1 + perturb`, grown when three fifths are filled, deleted slots left as dummies.
/// Python iterates a set in table order, so `{3, 1, 2}` prints `{1, 2, 3}` and
/// `{10, 5, 100, 7, 33}` prints `{33, 100, 5, 7, 10}` only when the table is CPython's; the
/// hashes are CPython's too (`PythonHash`). Equality of keys is Python's `==` on hashable
/// values, i.e. equal `HashKey`s (1 == 1.0 == True).
public final class PySet {
    enum Slot {
        case empty
        case dummy
        case active(hash: Int, key: Value, hk: HashKey)
    }

    static let minSize = 8
    static let linearProbes = 9
    static let perturbShift = 5

    private(set) var table: [Slot] = Array(repeating: .empty, count: PySet.minSize)
    private var mask = PySet.minSize - 1
    /// Active plus dummy slots.
    private var fill = 0
    /// Active slots.
    private(set) var used = 0
    /// Where `pop()` resumes its scan.
    private var finger = 0
    /// `frozenset` (immutable and hashable) rather than `set`.
    public var isFrozen = false

    public init() {}
    /// `set(items)` from an iterable: the items are added one by one, in order.
    public convenience init(_ items: [Value]) throws {
        self.init()
        for v in items { try add(v) }
    }

    public var count: Int { used }

    /// The elements in iteration (table) order.
    public var items: [Value] {
        var out: [Value] = []
        out.reserveCapacity(used)
        for case .active(_, let key, _) in table { out.append(key) }
        return out
    }

    /// (hash, key) of every element in table order, for the merging operations.
    var entries: [(Int, Value, HashKey)] {
        var out: [(Int, Value, HashKey)] = []
        for case .active(let h, let key, let hk) in table { out.append((h, key, hk)) }
        return out
    }

    var typeName: String { isFrozen ? "frozenset" : "set" }

    // MARK: the table

    /// `set_add_entry`: inserts unless an equal key is present; grows the table afterwards.
    /// A new key goes to the *last* dummy (deleted slot) seen before the probe sequence reaches
    /// an empty slot, else to that empty slot — what CPython 3.11 does (checked against it:
    /// `s = set(range(20)); s -= {2, 5}; s.add(2)` puts 2 where 5 was).
    func addEntry(_ key: Value, hash: Int, hk: HashKey) {
        var i = UInt(bitPattern: hash) & UInt(mask)
        var perturb = UInt(bitPattern: hash)
        var freeslot: Int? = nil
        while true {
            var j = Int(i)
            var probes = Int(i) + PySet.linearProbes <= mask ? PySet.linearProbes : 0
            while true {
                switch table[j] {
                case .empty:
                    if let f = freeslot {
                        table[f] = .active(hash: hash, key: key, hk: hk)
                        used += 1
                        return
                    }
                    table[j] = .active(hash: hash, key: key, hk: hk)
                    fill += 1
                    used += 1
                    if fill * 5 >= mask * 3 {
                        resize(used > 50000 ? used * 2 : used * 4)
                    }
                    return
                case .dummy: freeslot = j
                case .active(let h, _, let k):
                    if h == hash && k == hk { return }
                }
                if probes == 0 { break }
                probes -= 1
                j += 1
            }
            perturb >>= UInt(PySet.perturbShift)
            i = (i &* 5 &+ 1 &+ perturb) & UInt(mask)
        }
    }

    /// The slot holding an equal key, or nil.
    private func lookup(_ hash: Int, _ hk: HashKey) -> Int? {
        var i = UInt(bitPattern: hash) & UInt(mask)
        var perturb = UInt(bitPattern: hash)
        while true {
            var j = Int(i)
            var probes = Int(i) + PySet.linearProbes <= mask ? PySet.linearProbes : 0
            while true {
                switch table[j] {
                case .empty: return nil
                case .dummy: break
                case .active(let h, _, let k): if h == hash && k == hk { return j }
                }
                if probes == 0 { break }
                probes -= 1
                j += 1
            }
            perturb >>= UInt(PySet.perturbShift)
            i = (i &* 5 &+ 1 &+ perturb) & UInt(mask)
        }
    }

    /// `set_insert_clean`: places a key known to be absent into a table without dummies.
    private static func insertClean(_ table: inout [Slot], _ mask: Int, _ slot: Slot, _ hash: Int) {
        var i = UInt(bitPattern: hash) & UInt(mask)
        var perturb = UInt(bitPattern: hash)
        while true {
            if case .empty = table[Int(i)] { table[Int(i)] = slot; return }
            if Int(i) + linearProbes <= mask {
                for k in 1...linearProbes {
                    if case .empty = table[Int(i) + k] { table[Int(i) + k] = slot; return }
                }
            }
            perturb >>= UInt(perturbShift)
            i = (i &* 5 &+ 1 &+ perturb) & UInt(mask)
        }
    }

    /// `set_table_resize`: the smallest power of two above `minUsed` (at least 8), dummies dropped.
    private func resize(_ minUsed: Int) {
        var newSize = PySet.minSize
        while newSize <= minUsed { newSize <<= 1 }
        var newTable = [Slot](repeating: .empty, count: newSize)
        let newMask = newSize - 1
        for slot in table {
            if case .active(let h, _, _) = slot { PySet.insertClean(&newTable, newMask, slot, h) }
        }
        table = newTable
        mask = newMask
        fill = used
    }

    /// `set_discard_entry`: true when the key was present.
    @discardableResult
    func discardEntry(hash: Int, hk: HashKey) -> Bool {
        guard let j = lookup(hash, hk) else { return false }
        table[j] = .dummy
        used -= 1
        return true
    }

    func containsEntry(hash: Int, hk: HashKey) -> Bool { lookup(hash, hk) != nil }

    /// `set_merge`: adds every element of `other`, copying its layout when this set is empty.
    func merge(_ other: PySet) {
        if other === self || other.used == 0 { return }
        if (fill + other.used) * 5 >= mask * 3 { resize((used + other.used) * 2) }
        if fill == 0 && mask == other.mask && other.fill == other.used {
            table = other.table
            fill = other.fill
            used = other.used
            return
        }
        if fill == 0 {
            fill = other.used
            used = other.used
            for slot in other.table {
                if case .active(let h, _, _) = slot { PySet.insertClean(&table, mask, slot, h) }
            }
            return
        }
        for (h, key, hk) in other.entries { addEntry(key, hash: h, hk: hk) }
    }

    /// `set_update_internal` for a dict: one resize up front, then the keys in order.
    func merge(dictKeys keys: [Value]) throws {
        try checkGrowth(adding: keys.count)
        if (fill + keys.count) * 5 >= mask * 3 { resize((used + keys.count) * 2) }
        for k in keys { try add(k) }
    }

    // MARK: Python-level operations

    public func add(_ v: Value) throws {
        try checkGrowth(adding: 1)
        addEntry(v, hash: try pythonHash(v), hk: try hashKey(v))
    }

    /// MemoryError, as CPython's, when adding `n` keys would grow the table past the session's
    /// memory cap (`set(range(10**12))` must not abort in the table allocation).
    func checkGrowth(adding n: Int) throws {
        guard (fill + n) * 5 >= mask * 3 else { return }
        let projected = max(used + n, 1) * 4
        let (bytes, overflow) = projected.multipliedReportingOverflow(by: MemoryLayout<Slot>.stride)
        if overflow || MemoryBudget.wouldExceed(bytes) { throw PyError(.memoryError, "") }
    }
    public func contains(_ v: Value) throws -> Bool { containsEntry(hash: try pythonHash(v), hk: try hashKey(v)) }
    /// `discard`: true when the element was present.
    public func remove(_ v: Value) throws -> Bool { discardEntry(hash: try pythonHash(v), hk: try hashKey(v)) }

    /// `set.pop()`: the first active slot from the finger on.
    public func pop() -> Value? {
        guard used > 0 else { return nil }
        var j = finger & mask
        while true {
            if case .active(_, let key, _) = table[j] {
                table[j] = .dummy
                used -= 1
                finger = j + 1
                return key
            }
            j = j + 1 > mask ? 0 : j + 1
        }
    }

    /// `set_swap_bodies`: this set takes over `other`'s table as it is (`&=`).
    public func replaceContents(with other: PySet) {
        table = other.table; mask = other.mask; fill = other.fill; used = other.used; finger = other.finger
    }

    public func removeAll() {
        table = Array(repeating: .empty, count: PySet.minSize)
        mask = PySet.minSize - 1
        fill = 0
        used = 0
    }

    /// `set.copy()` / `set(s)`: a new set filled by `set_merge`.
    public func copy(frozen: Bool? = nil) -> PySet {
        let s = PySet()
        s.isFrozen = frozen ?? isFrozen
        s.merge(self)
        return s
    }

    /// `a | b`.
    public func union(_ other: PySet) -> PySet {
        let r = copy()
        r.merge(other)
        return r
    }

    /// `a & b`: walks the smaller set and keeps what the larger contains.
    public func intersection(_ other: PySet) -> PySet {
        if other === self { return copy() }
        let r = PySet()
        r.isFrozen = isFrozen
        var (big, small) = (self, other)
        if other.used > used { (big, small) = (other, self) }
        for (h, key, hk) in small.entries where big.containsEntry(hash: h, hk: hk) {
            r.addEntry(key, hash: h, hk: hk)
        }
        return r
    }

    /// `a - b`.
    public func difference(_ other: PySet) -> PySet {
        if (used >> 2) > other.used {
            let r = copy()
            r.differenceUpdate(other)
            return r
        }
        let r = PySet()
        r.isFrozen = isFrozen
        for (h, key, hk) in entries where !other.containsEntry(hash: h, hk: hk) {
            r.addEntry(key, hash: h, hk: hk)
        }
        return r
    }

    /// `a -= b`: discards, then rebuilds when more than a quarter of the slots are dummies.
    public func differenceUpdate(_ other: PySet) {
        if other === self { removeAll(); return }
        for (h, _, hk) in other.entries { discardEntry(hash: h, hk: hk) }
        if fill - used > mask / 4 { resize(used > 50000 ? used * 2 : used * 4) }
    }

    /// `a ^ b`: a copy of b, then each element of a is removed from it or added to it.
    public func symmetricDifference(_ other: PySet) -> PySet {
        let r = other.copy(frozen: isFrozen)
        r.symmetricDifferenceUpdate(self)
        return r
    }

    public func symmetricDifferenceUpdate(_ other: PySet) {
        if other === self { removeAll(); return }
        for (h, key, hk) in other.entries where !discardEntry(hash: h, hk: hk) {
            addEntry(key, hash: h, hk: hk)
        }
    }

    public func isSubset(of other: PySet) -> Bool {
        guard used <= other.used else { return false }
        return entries.allSatisfy { other.containsEntry(hash: $0.0, hk: $0.2) }
    }

    /// CPython's frozenset hash: the shuffled slot hashes xor-ed (order-independent).
    func frozenHash() -> Int {
        func shuffle(_ h: UInt64) -> UInt64 { ((h ^ 89_869_747) ^ (h << 16)) &* 3_644_798_167 }
        var hash: UInt64 = 0
        for slot in table {
            if case .active(let h, _, _) = slot { hash ^= shuffle(UInt64(bitPattern: Int64(h))) }
        }
        // (CPython xors empty and dummy slots too, then cancels them out again.)
        hash ^= (UInt64(used) + 1) &* 1_927_868_237
        hash ^= (hash >> 11) ^ (hash >> 25)
        hash = hash &* 69069 &+ 907_133_923
        if hash == UInt64.max { hash = 590_923_713 }
        return Int(bitPattern: UInt(hash))
    }
}
