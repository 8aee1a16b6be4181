import Foundation
import Engine

/// Writes `data.pkl` of a torch.save archive: pickle protocol 2 exactly as CPython's C pickler
/// writes it for the objects PyTorch's `torch.save` hands it, so that for the same objects the
/// bytes are the same as PyTorch's (hand-written because no maintained Swift pickle library
/// exists, and the subset is small).
///
/// What CPython does, and this writer with it:
/// - every object that can be shared is memoized (`BINPUT n`, n counting up from 0) and a
///   second occurrence is `BINGET n`. CPython memoizes by object identity: lists, dicts and
///   tensors here are memoized by identity too, strings by value (PyTorch's repeated strings —
///   `'storage'`, `'cpu'`, state-dict and optimizer keys — are the same Python objects) except
///   storage keys and device names, which PyTorch builds afresh, tuples
///   never hit the memo (each is a new object) but still take a memo slot;
/// - lists and dicts are written empty and then filled in batches of 1000 (`APPENDS`,
///   `SETITEMS`), one-element ones with `APPEND` / `SETITEM`;
/// - a tensor is `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad,
///   OrderedDict())`, its storage a persistent id `('storage', torch.FloatStorage, '0', 'cpu',
///   numel)`; a Parameter wraps that in `torch._utils._rebuild_parameter(data, requires_grad,
///   OrderedDict())`.
struct PickleWriter {
    private(set) var bytes: [UInt8] = [PickleOp.proto, 2]
    /// The storages the pickle refers to, in key order ("0", "1", …), with their dtypes.
    private(set) var storages: [(storage: Storage, type: TorchStorageType)] = []

    private enum MemoKey: Hashable {
        case string(String)
        /// Storage keys ("0", "1", …) are strings of their own in PyTorch (made by `str()`),
        /// never the same object as an equal string elsewhere in the pickle.
        case storageKey(String)
        case object(ObjectIdentifier)
        case global(String)
    }
    private var memo: [MemoKey: Int] = [:]
    private var memoCount = 0
    private var storageKeys: [ObjectIdentifier: Int] = [:]
    /// Keeps memoized objects alive so their identities cannot be reused while writing.
    private var retained: [AnyObject] = []

    /// Pickles `value` and the final STOP.
    mutating func dump(_ value: PickleValue) throws {
        try save(value)
        bytes.append(PickleOp.stop)
    }

    // MARK: memo

    /// `BINPUT` / `LONG_BINPUT` of the next memo slot; records `key` when given.
    private mutating func put(_ key: MemoKey?) {
        let index = memoCount
        memoCount += 1
        if let key { memo[key] = index }
        if index < 256 {
            bytes += [PickleOp.binput, UInt8(index)]
        } else {
            bytes.append(PickleOp.longBinput)
            appendUInt32(UInt32(index))
        }
    }

    /// Writes `BINGET` of `key` when memoized; false otherwise.
    private mutating func get(_ key: MemoKey) -> Bool {
        guard let index = memo[key] else { return false }
        if index < 256 {
            bytes += [PickleOp.binget, UInt8(index)]
        } else {
            bytes.append(PickleOp.longBinget)
            appendUInt32(UInt32(index))
        }
        return true
    }

    private mutating func appendUInt32(_ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { bytes += $0 }
    }

    // MARK: values

    private mutating func save(_ value: PickleValue) throws {
        switch value {
        case .none: bytes.append(PickleOp.none)
        case .bool(let b): bytes.append(b ? PickleOp.newtrue : PickleOp.newfalse)
        case .int(let i): saveInt(i)
        case .float(let d):
            bytes.append(PickleOp.binfloat)
            withUnsafeBytes(of: d.bitPattern.bigEndian) { bytes += $0 }
        case .string(let s): saveString(s)
        case .tuple(let items): try saveTuple(items)
        case .list(let list):
            guard !get(.object(ObjectIdentifier(list))) else { return }
            retained.append(list)
            bytes.append(PickleOp.emptyList)
            put(.object(ObjectIdentifier(list)))
            try appendItems(list.items)
        case .dict(let dict):
            guard !get(.object(ObjectIdentifier(dict))) else { return }
            retained.append(dict)
            if dict.isOrdered { try saveOrderedDict(dict) } else {
                bytes.append(PickleOp.emptyDict)
                put(.object(ObjectIdentifier(dict)))
                try setItemsExact(dict.pairs, freshKeys: dict.keysAreFresh)
            }
        case .set(let items):
            // set.__reduce__: (set, (list(self),), None), `set` written as protocol 2's
            // `__builtin__ set`.
            saveGlobal("__builtin__", "set")
            bytes.append(PickleOp.emptyList)
            put(nil)
            try appendItems(items)
            bytes.append(PickleOp.tuple1)
            put(nil)
            bytes.append(PickleOp.reduce)
            put(nil)
        case .tensor(let t): try saveTensor(t)
        case .size(let dims):
            saveGlobal("torch", "Size")
            try saveTuple([.tuple(dims.map { .int($0) })])
            bytes.append(PickleOp.reduce)
            put(nil)
        case .dtype(let name):
            saveGlobal("torch", name)
        case .device(let s):
            saveGlobal("torch", "device")
            // torch.device.__reduce__ builds a new string: it never matches the memo.
            writeUnicode(s)
            put(nil)
            bytes.append(PickleOp.tuple1)
            put(nil)
            bytes.append(PickleOp.reduce)
            put(nil)
        case .object(let object):
            // save_reduce of copyreg.__newobj__: the class, `()`, NEWOBJ, the object memoized,
            // then its state and BUILD.
            let key = MemoKey.object(ObjectIdentifier(object))
            guard !get(key) else { return }
            retained.append(object)
            saveGlobal(object.module, object.name)
            bytes.append(PickleOp.emptyTuple)
            bytes.append(PickleOp.newobj)
            put(key)
            if let state = object.state {
                try save(state)
                bytes.append(PickleOp.build)
            }
        }
    }

    /// CPython's `save_long` for protocol 2.
    private mutating func saveInt(_ i: Int) {
        if i >= 0 && i <= 0xff {
            bytes += [PickleOp.binint1, UInt8(i)]
        } else if i >= 0 && i <= 0xffff {
            bytes += [PickleOp.binint2, UInt8(i & 0xff), UInt8(i >> 8)]
        } else if i >= -0x8000_0000 && i <= 0x7fff_ffff {
            bytes.append(PickleOp.binint)
            withUnsafeBytes(of: Int32(i).littleEndian) { bytes += $0 }
        } else {
            // LONG1: the shortest little-endian two's complement (pickle.encode_long).
            var le: [UInt8] = []
            withUnsafeBytes(of: i.littleEndian) { le += $0 }
            while le.count > 1 {
                let last = le[le.count - 1], prev = le[le.count - 2]
                if (last == 0x00 && prev & 0x80 == 0) || (last == 0xff && prev & 0x80 != 0) { le.removeLast() } else { break }
            }
            bytes += [PickleOp.long1, UInt8(le.count)] + le
        }
    }

    private mutating func writeUnicode(_ s: String) {
        let utf8 = Array(s.utf8)
        bytes.append(PickleOp.binunicode)
        appendUInt32(UInt32(utf8.count))
        bytes += utf8
    }

    private mutating func saveString(_ s: String) {
        guard !get(.string(s)) else { return }
        writeUnicode(s)
        put(.string(s))
    }

    /// `GLOBAL module name`, memoized: a class or function is one object wherever it appears.
    private mutating func saveGlobal(_ module: String, _ name: String) {
        let key = MemoKey.global(module + "\n" + name)
        guard !get(key) else { return }
        bytes.append(PickleOp.global)
        bytes += Array((module + "\n" + name + "\n").utf8)
        put(key)
    }

    /// CPython's `save_tuple` for protocol 2: `EMPTY_TUPLE` (not memoized), `TUPLE1..3`, or
    /// `MARK … TUPLE`, then a memo slot.
    private mutating func saveTuple(_ items: [PickleValue]) throws {
        if items.isEmpty { bytes.append(PickleOp.emptyTuple); return }
        if items.count <= 3 {
            for item in items { try save(item) }
            bytes.append([PickleOp.tuple1, PickleOp.tuple2, PickleOp.tuple3][items.count - 1])
        } else {
            bytes.append(PickleOp.mark)
            for item in items { try save(item) }
            bytes.append(PickleOp.tuple)
        }
        put(nil)
    }

    /// `batch_list_exact`: one item → `APPEND`; otherwise `MARK … APPENDS` per 1000.
    private mutating func appendItems(_ items: [PickleValue]) throws {
        if items.isEmpty { return }
        if items.count == 1 {
            try save(items[0])
            bytes.append(PickleOp.append)
            return
        }
        var start = 0
        while start < items.count {
            bytes.append(PickleOp.mark)
            for item in items[start..<min(start + 1000, items.count)] { try save(item) }
            bytes.append(PickleOp.appends)
            start += 1000
        }
    }

    /// `batch_dict_exact`: one pair → `SETITEM`; otherwise `MARK … SETITEMS` per 1000, and
    /// (as CPython does) one more empty batch when the count is a multiple of 1000.
    private mutating func setItemsExact(_ pairs: [(key: PickleValue, value: PickleValue)], freshKeys: Bool = false) throws {
        if pairs.isEmpty { return }
        if pairs.count == 1 {
            try saveKey(pairs[0].key, fresh: freshKeys)
            try save(pairs[0].value)
            bytes.append(PickleOp.setitem)
            return
        }
        var start = 0
        while true {
            bytes.append(PickleOp.mark)
            let end = min(start + 1000, pairs.count)
            for p in pairs[start..<end] { try saveKey(p.key, fresh: freshKeys); try save(p.value) }
            bytes.append(PickleOp.setitems)
            if end - start < 1000 { break }
            start = end
        }
    }

    /// `batch_dict` over an iterator (OrderedDict's `__reduce__`): batches of 1000, a batch of
    /// one as `SETITEM`.
    private mutating func setItemsBatched(_ pairs: [(key: PickleValue, value: PickleValue)], freshKeys: Bool = false) throws {
        var start = 0
        while start < pairs.count {
            let batch = pairs[start..<min(start + 1000, pairs.count)]
            if batch.count == 1 {
                try saveKey(batch.first!.key, fresh: freshKeys)
                try save(batch.first!.value)
                bytes.append(PickleOp.setitem)
            } else {
                bytes.append(PickleOp.mark)
                for p in batch { try saveKey(p.key, fresh: freshKeys); try save(p.value) }
                bytes.append(PickleOp.setitems)
            }
            start += 1000
        }
    }

    /// A dict key; a string key of a dict whose keys Python made afresh (`str(idx)`) is a new
    /// object, written again rather than fetched from the memo.
    private mutating func saveKey(_ key: PickleValue, fresh: Bool) throws {
        if fresh, case .string(let text) = key {
            writeUnicode(text)
            put(nil)
        } else {
            try save(key)
        }
    }

    /// `OrderedDict.__reduce__`: `(OrderedDict, (), state, None, iter(items))`, state being the
    /// instance `__dict__` (a state dict's `_metadata`) when it has one.
    private mutating func saveOrderedDict(_ dict: PickleDict) throws {
        saveGlobal("collections", "OrderedDict")
        bytes.append(PickleOp.emptyTuple)
        bytes.append(PickleOp.reduce)
        put(.object(ObjectIdentifier(dict)))
        try setItemsBatched(dict.pairs, freshKeys: dict.keysAreFresh)
        if !dict.attributes.isEmpty {
            let state = PickleDict(dict.attributes.map { (key: PickleValue.string($0.name), value: $0.value) })
            retained.append(state)
            try save(.dict(state))
            bytes.append(PickleOp.build)
        }
    }

    /// An empty `OrderedDict()` (a tensor's backward hooks).
    private mutating func saveEmptyOrderedDict() {
        saveGlobal("collections", "OrderedDict")
        bytes.append(PickleOp.emptyTuple)
        bytes.append(PickleOp.reduce)
        put(nil)
    }

    private mutating func saveTensor(_ t: Tensor) throws {
        let key = MemoKey.object(ObjectIdentifier(t))
        guard !get(key) else { return }
        retained.append(t)
        if t.isParameter {
            saveGlobal("torch._utils", "_rebuild_parameter")
            // Parameter.__reduce_ex__ pickles `self.data`: a new tensor object each time.
            try saveTensorData(t, requiresGrad: false)
            bytes.append(t.requiresGrad ? PickleOp.newtrue : PickleOp.newfalse)
            saveEmptyOrderedDict()
            bytes.append(PickleOp.tuple3)
            put(nil)
            bytes.append(PickleOp.reduce)
            put(key)
        } else {
            try saveTensorData(t, requiresGrad: t.requiresGrad)
            // saveTensorData took the slot of the REDUCE result; remember it for this tensor.
            memo[key] = memoCount - 1
        }
    }

    /// `_rebuild_tensor_v2(storage, offset, size, stride, requires_grad, OrderedDict())` and its
    /// REDUCE, with the result memoized (but not recorded under any key).
    private mutating func saveTensorData(_ t: Tensor, requiresGrad: Bool) throws {
        guard let type = TorchStorageType.forDType(t.dtype) else {
            throw TorchSerializationError(.runtimeError, "torch.save: no storage type for \(t.dtype.pythonName)")
        }
        saveGlobal("torch._utils", "_rebuild_tensor_v2")
        bytes.append(PickleOp.mark)
        // The persistent id of the storage: ('storage', torch.FloatStorage, key, 'cpu', numel).
        let id = ObjectIdentifier(t.storage)
        let storageKey: Int
        if let k = storageKeys[id] {
            storageKey = k
            guard storages[k].type.storageName == type.storageName else {
                throw TorchSerializationError(.runtimeError, "Cannot save multiple tensors or storages that view the same data as different types")
            }
        } else {
            storageKey = storages.count
            storageKeys[id] = storageKey
            storages.append((t.storage, type))
        }
        bytes.append(PickleOp.mark)
        saveString("storage")
        saveGlobal("torch", type.storageName)
        let keyText = String(storageKey)
        if !get(.storageKey(keyText)) {
            writeUnicode(keyText)
            put(.storageKey(keyText))
        }
        saveString("cpu")
        saveInt(t.storage.byteCount / type.itemSize)
        bytes.append(PickleOp.tuple)
        put(nil)
        bytes.append(PickleOp.binpersid)
        saveInt(t.offset)
        try saveTuple(t.shape.map { .int($0) })
        try saveTuple(t.strides.map { .int($0) })
        bytes.append(requiresGrad ? PickleOp.newtrue : PickleOp.newfalse)
        saveEmptyOrderedDict()
        bytes.append(PickleOp.tuple)
        put(nil)
        bytes.append(PickleOp.reduce)
        put(nil)
    }
}
