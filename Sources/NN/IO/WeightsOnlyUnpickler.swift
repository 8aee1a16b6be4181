import Foundation
import Engine

/// Reads `data.pkl` of a torch.save archive the way PyTorch's weights-only unpickler
/// (`torch/_weights_only_unpickler.py`, the default of `torch.load` since PyTorch 2.6) does: only
/// the opcodes it knows, only the globals it allows, `REDUCE` only on allowed functions, `BUILD`
/// only on tensors, Parameters and OrderedDicts. Nothing a file says can run code: a global is
/// looked up in a fixed table, never imported. Hand-written for the same reason as the writer.
///
/// A violation of those rules is an `UnpicklingError` in PyTorch's words (the caller adds
/// `torch.load`'s "Weights only load failed" preamble); a pickle that is not well formed
/// (truncated, stack underflow, unknown memo slot) is an `UnpicklingError` that says the data is
/// corrupt; what PyTorch allows but nnrepl cannot hold (a float64 tensor before the Engine has
/// one, bytes, complex numbers) is a `RuntimeError` that says so.
struct WeightsOnlyUnpickler {
    /// Loads storage `key` (`data/<key>`) with `numel` elements of `type`, from `location`.
    typealias StorageLoader = (_ type: TorchStorageType, _ key: String, _ location: String, _ numel: Int) throws -> Storage

    /// What the unpickler's stack holds: values, and the allowed globals and storages that only
    /// exist while rebuilding.
    private indirect enum Item {
        case value(PickleValue)
        /// A tuple holding globals or storages (REDUCE arguments, persistent ids).
        case tuple([Item])
        case global(Global)
        case storage(Storage, TorchStorageType)
    }

    /// The globals `_get_allowed_globals()` lists, by what they do here.
    enum Global: Equatable {
        case orderedDict, counter, parameter, getLayout, size, tensor, device, codecsEncode, bytearray, set, complex
        case dtype(String)
        case storageType(String)
        case untypedStorage, typedStorage
        case legacyTensorClass(String)
        case qscheme(String)
        case rebuild(String)
        case rebuildFromTypeV2
        /// Any other class (`__main__.Net`, `torch.nn.modules.linear.Linear`), read only when
        /// objects are allowed (`torch.load(weights_only=False)`): NEWOBJ + BUILD make a
        /// `PickleObject` of it; nothing of it is ever called.
        case classRef(String, String)

        /// The Python name, for messages (`collections.OrderedDict`).
        var pythonName: String {
            switch self {
            case .orderedDict: return "collections.OrderedDict"
            case .counter: return "collections.Counter"
            case .parameter: return "torch.nn.parameter.Parameter"
            case .getLayout: return "torch.serialization._get_layout"
            case .size: return "torch.Size"
            case .tensor: return "torch.Tensor"
            case .device: return "torch.device"
            case .codecsEncode: return "_codecs.encode"
            case .bytearray: return "builtins.bytearray"
            case .set: return "builtins.set"
            case .complex: return "builtins.complex"
            case .dtype(let n): return "torch.\(n)"
            case .storageType(let n): return n
            case .untypedStorage: return "torch.storage.UntypedStorage"
            case .typedStorage: return "torch.storage.TypedStorage"
            case .legacyTensorClass(let n): return n
            case .qscheme(let n): return n
            case .rebuild(let n): return "torch._utils.\(n)"
            case .rebuildFromTypeV2: return "torch._tensor._rebuild_from_type_v2"
            case .classRef(let m, let n): return "\(m).\(n)"
            }
        }

        /// How `str()` shows the object in PyTorch's messages (`<class 'collections.OrderedDict'>`).
        var pythonStr: String {
            switch self {
            case .dtype(let n): return "torch.\(n)"
            case .rebuild(let n): return "<function \(n) at 0x...>"
            case .rebuildFromTypeV2: return "<function _rebuild_from_type_v2 at 0x...>"
            case .getLayout: return "<function _get_layout at 0x...>"
            case .codecsEncode: return "<built-in function encode>"
            default: return "<class '\(pythonName)'>"
            }
        }
    }

    /// The allowed global `module.name`, or nil.
    static func allowedGlobal(_ fullPath: String) -> Global? {
        switch fullPath {
        case "collections.OrderedDict": return .orderedDict
        case "collections.Counter": return .counter
        case "torch.nn.parameter.Parameter": return .parameter
        case "torch.serialization._get_layout": return .getLayout
        case "torch.Size": return .size
        case "torch.Tensor": return .tensor
        case "torch.device": return .device
        case "_codecs.encode": return .codecsEncode
        case "builtins.bytearray": return .bytearray
        case "builtins.set": return .set
        case "builtins.complex": return .complex
        case "torch.storage.UntypedStorage": return .untypedStorage
        case "torch.storage.TypedStorage": return .typedStorage
        case "torch._tensor._rebuild_from_type_v2": return .rebuildFromTypeV2
        default: break
        }
        if fullPath.hasPrefix("torch._utils."), rebuildFunctions.contains(String(fullPath.dropFirst("torch._utils.".count))) {
            return .rebuild(String(fullPath.dropFirst("torch._utils.".count)))
        }
        if fullPath.hasPrefix("torch."), dtypeNames.contains(String(fullPath.dropFirst(6))) {
            return .dtype(String(fullPath.dropFirst(6)))
        }
        if qschemes.contains(fullPath) { return .qscheme(fullPath) }
        for prefix in ["torch.", "torch.cuda."] where fullPath.hasPrefix(prefix) {
            let name = String(fullPath.dropFirst(prefix.count))
            if storageNames.contains(name) { return .storageType(fullPath) }
            if tensorClassNames.contains(name) { return .legacyTensorClass(fullPath) }
        }
        for prefix in ["torch.sparse.", "torch.cuda.sparse."] where fullPath.hasPrefix(prefix) {
            if sparseTensorClassNames.contains(String(fullPath.dropFirst(prefix.count))) { return .legacyTensorClass(fullPath) }
        }
        return nil
    }

    static let rebuildFunctions: Set<String> = [
        "_rebuild_parameter", "_rebuild_parameter_with_state", "_rebuild_qtensor", "_rebuild_tensor",
        "_rebuild_tensor_v2", "_rebuild_tensor_v3", "_rebuild_sparse_tensor", "_rebuild_meta_tensor_no_storage",
        "_rebuild_wrapper_subclass", "_rebuild_device_tensor_from_numpy", "_rebuild_device_tensor_from_cpu_tensor",
    ]
    static let dtypeNames: Set<String> = [
        "bcomplex32", "bfloat16", "bits16", "bits1x8", "bits2x4", "bits4x2", "bits8", "bool", "complex128", "complex32",
        "complex64", "float16", "float32", "float4_e2m1fn_x2", "float64", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2",
        "float8_e5m2fnuz", "float8_e8m0fnu", "int1", "int16", "int2", "int3", "int32", "int4", "int5", "int6", "int64", "int7",
        "int8", "qint32", "qint8", "quint2x4", "quint4x2", "quint8", "uint1", "uint16", "uint2", "uint3", "uint32", "uint4",
        "uint5", "uint6", "uint64", "uint7", "uint8",
    ]
    static let qschemes: Set<String> = [
        "torch.per_channel_affine", "torch.per_channel_affine_float_qparams", "torch.per_channel_symmetric",
        "torch.per_tensor_affine", "torch.per_tensor_symmetric",
    ]
    static let storageNames: Set<String> = [
        "BFloat16Storage", "BoolStorage", "ByteStorage", "CharStorage", "ComplexDoubleStorage", "ComplexFloatStorage",
        "DoubleStorage", "FloatStorage", "HalfStorage", "IntStorage", "LongStorage", "ShortStorage",
        "QInt32Storage", "QInt8Storage", "QUInt2x4Storage", "QUInt4x2Storage", "QUInt8Storage",
    ]
    static let tensorClassNames: Set<String> = [
        "BFloat16Tensor", "BoolTensor", "ByteTensor", "CharTensor", "DoubleTensor", "FloatTensor", "HalfTensor",
        "IntTensor", "LongTensor", "ShortTensor",
    ]
    static let sparseTensorClassNames: Set<String> = [
        "BFloat16Tensor", "ByteTensor", "CharTensor", "DoubleTensor", "FloatTensor", "HalfTensor", "IntTensor",
        "LongTensor", "ShortTensor",
    ]
    /// Modules no allowlist can open (`_blocklisted_modules`).
    static let blockedModules: Set<String> = ["sys", "os", "posix", "nt"]
    /// `torch._utils.IMPORT_MAPPING` / `NAME_MAPPING`: protocol 2 files name Python 2 modules.
    static let importMapping: [String: String] = [
        "__builtin__": "builtins", "copy_reg": "copyreg", "Queue": "queue", "repr": "reprlib",
        "_abcoll": "collections.abc", "UserDict": "collections", "UserList": "collections",
        "UserString": "collections", "whichdb": "dbm", "StringIO": "io", "cStringIO": "io",
    ]
    static let nameMapping: [String: (String, String)] = [
        "__builtin__.xrange": ("builtins", "range"), "__builtin__.reduce": ("functools", "reduce"),
        "__builtin__.intern": ("sys", "intern"), "__builtin__.unichr": ("builtins", "chr"),
        "__builtin__.unicode": ("builtins", "str"), "__builtin__.long": ("builtins", "int"),
        "itertools.izip": ("builtins", "zip"), "itertools.imap": ("builtins", "map"),
        "itertools.ifilter": ("builtins", "filter"), "itertools.ifilterfalse": ("itertools", "filterfalse"),
        "itertools.izip_longest": ("itertools", "zip_longest"), "UserDict.IterableUserDict": ("collections", "UserDict"),
        "UserList.UserList": ("collections", "UserList"), "UserString.UserString": ("collections", "UserString"),
        "__builtin__.basestring": ("builtins", "str"), "exceptions.StandardError": ("builtins", "Exception"),
        "UserDict.UserDict": ("collections", "UserDict"),
    ]

    private let data: [UInt8]
    private var pos = 0
    private var stack: [Item] = []
    private var metastack: [[Item]] = []
    private var memo: [Int: Item] = [:]
    private let loadStorage: StorageLoader
    /// `torch.load(weights_only=False)`: classes outside the allowlist are read as class
    /// references, and instances of them (NEWOBJ, `copyreg._reconstructor`) as `PickleObject`s
    /// with their BUILD state. Still no function from the file is ever called.
    private let allowObjects: Bool
    private var loadedStorages: [String: (Storage, TorchStorageType)] = [:]
    /// The protocol from `PROTO` (PyTorch warns when it is not 2).
    private(set) var proto = -1

    init(_ data: [UInt8], allowObjects: Bool = false, loadStorage: @escaping StorageLoader) {
        self.data = data
        self.allowObjects = allowObjects
        self.loadStorage = loadStorage
    }

    // MARK: errors

    /// A rule of the weights-only unpickler broken, in PyTorch's words, with the explanation
    /// `torch.load` wraps around it (`_get_wo_message`).
    static func rejected(_ message: String) -> TorchSerializationError {
        TorchSerializationError(.unpicklingError, weightsOnlyMessage(message))
    }

    static let unsafeMessage = "In PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` from `False` to `True`. Re-running `torch.load` with `weights_only` set to `False` will likely succeed, but it can result in arbitrary code execution. Do it only if you got the file from a trusted source."

    /// `torch.load`'s `_get_wo_message(message)`.
    static func weightsOnlyMessage(_ message: String) -> String {
        let docs = "\n\nCheck the documentation of torch.load to learn more about types accepted by default with weights_only https://pytorch.org/docs/stable/generated/torch.load.html."
        func matches(_ pattern: String) -> Bool { message.range(of: pattern, options: .regularExpression) != nil }
        if matches(#"GLOBAL (\S+) was not an allowed global by default\."#) {
            return "Weights only load failed. This file can still be loaded, to do so you have two options, \u{1B}[1mdo those steps only if you trust the source of the checkpoint\u{1B}[0m. \n\t(1) \(unsafeMessage)\n\t(2) Alternatively, to load with `weights_only=True` please check the recommended steps in the following error message.\n\tWeightsUnpickler error: " + message + docs
        }
        if matches(#"(\S+) must be (\S+) to load"#) {
            return "Weights only load failed. \(message)\n \(unsafeMessage)\n"
        }
        var updated = "Weights only load failed. \(unsafeMessage)\n"
        if !matches(#"whose module (\S+) is blocked"#) {
            updated += "Please file an issue with the following so that we can make `weights_only=True` compatible with your use case: WeightsUnpickler error: "
        }
        return updated + "\n\n" + message + docs
    }
    /// Data that is not a well-formed pickle.
    static func corrupt(_ detail: String) -> TorchSerializationError {
        TorchSerializationError(.unpicklingError, "the pickle data (data.pkl) is corrupt: \(detail)")
    }
    /// Allowed by PyTorch, but nothing nnrepl can hold.
    static func unsupported(_ what: String) -> TorchSerializationError {
        TorchSerializationError(.runtimeError, "torch.load: this file holds \(what), which nnrepl does not support")
    }

    // MARK: reading bytes

    private mutating func read(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, pos + n <= data.count else { throw Self.corrupt("it ends in the middle of an instruction") }
        defer { pos += n }
        return data[pos..<pos + n]
    }

    private mutating func readByte() throws -> UInt8 { try read(1).first! }

    private mutating func readUInt32() throws -> UInt32 {
        try read(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    private mutating func readLine() throws -> String {
        guard let nl = data[pos...].firstIndex(of: 0x0a) else { throw Self.corrupt("it ends in the middle of an instruction") }
        guard let s = String(validatingUTF8: data[pos..<nl].map { CChar(bitPattern: $0) } + [0]) else {
            throw Self.corrupt("a global's name is not UTF-8")
        }
        pos = nl + 1
        return s
    }

    // MARK: the stack

    private mutating func pop() throws -> Item {
        guard let top = stack.popLast() else { throw Self.corrupt("an instruction needs a value the stack does not have") }
        return top
    }

    private mutating func popValue() throws -> PickleValue { try Self.asValue(try pop()) }

    /// An item where a plain object is needed (inside a list or dict, or the result): dtypes
    /// are values; other globals and bare storages are nothing nnrepl keeps.
    private static func asValue(_ item: Item) throws -> PickleValue {
        switch item {
        case .value(let v): return v
        case .tuple(let items): return .tuple(try items.map(asValue))
        case .global(.dtype(let n)): return .dtype(n)
        case .global(let g): throw unsupported("\(g.pythonName) used as a value")
        case .storage: throw unsupported("a bare storage (not inside a tensor)")
        }
    }

    /// A tuple of items: a plain value when everything in it is one.
    private static func makeTuple(_ items: [Item]) -> Item {
        var values: [PickleValue] = []
        for item in items {
            guard case .value(let v) = item else { return .tuple(items) }
            values.append(v)
        }
        return .value(.tuple(values))
    }

    /// The elements of a tuple item (REDUCE arguments, persistent ids), or nil.
    private static func tupleItems(_ item: Item) -> [Item]? {
        switch item {
        case .tuple(let items): return items
        case .value(.tuple(let values)): return values.map { .value($0) }
        default: return nil
        }
    }

    private mutating func popMark() throws -> [Item] {
        guard let outer = metastack.popLast() else { throw Self.corrupt("a MARK is missing") }
        let items = stack
        stack = outer
        return items
    }

    /// `str(x)` / `type(x)` of an item as PyTorch's messages show them.
    private static func typeString(_ item: Item) -> String {
        switch item {
        case .global(let g):
            switch g {
            case .rebuild, .rebuildFromTypeV2, .getLayout: return "<class 'function'>"
            case .codecsEncode: return "<class 'builtin_function_or_method'>"
            case .dtype: return "<class 'torch.dtype'>"
            default: return "<class 'type'>"
            }
        case .storage: return "<class 'torch.storage.TypedStorage'>"
        case .tuple: return "<class 'tuple'>"
        case .value(let v):
            switch v {
            case .none: return "<class 'NoneType'>"
            case .bool: return "<class 'bool'>"
            case .int: return "<class 'int'>"
            case .float: return "<class 'float'>"
            case .string: return "<class 'str'>"
            case .tuple: return "<class 'tuple'>"
            case .list: return "<class 'list'>"
            case .dict(let d): return d.isOrdered ? "<class 'collections.OrderedDict'>" : "<class 'dict'>"
            case .set: return "<class 'set'>"
            case .tensor(let t): return t.isParameter ? "<class 'torch.nn.parameter.Parameter'>" : "<class 'torch.Tensor'>"
            case .object(let o): return "<class '\(o.qualifiedName)'>"
            case .size: return "<class 'torch.Size'>"
            case .dtype: return "<class 'torch.dtype'>"
            case .device: return "<class 'torch.device'>"
            }
        }
    }

    private static func strString(_ item: Item) -> String {
        switch item {
        case .global(let g): return g.pythonStr
        case .value(.string(let s)): return s
        case .value(.int(let i)): return String(i)
        case .value(.none): return "None"
        default: return typeString(item)
        }
    }

    // MARK: the loop

    /// Runs the pickle to its STOP and returns the object.
    mutating func load() throws -> PickleValue {
        do {
            let result = try run()
            try Self.checkShape(result)
            memo = [:]
            return result
        } catch {
            // Whatever was built is torn down without recursion (a hostile file can nest
            // containers deeper than the stack allows Swift's recursive deinit to go).
            Self.dismantle(stack + metastack.flatMap { $0 } + Array(memo.values))
            stack = []; metastack = []; memo = [:]
            throw error
        }
    }

    /// The deepest nesting nnrepl accepts (Python's default recursion limit).
    static let maximumDepth = 1000

    /// Refuses results nested deeper than `maximumDepth` or containing themselves (nnrepl
    /// prints and converts objects recursively), dismantling them first. Iterative.
    static func checkShape(_ result: PickleValue) throws {
        var onPath = Set<ObjectIdentifier>(), done = Set<ObjectIdentifier>()
        // (value, children visited yet?) frames of a depth-first walk.
        var frames: [(PickleValue, Bool)] = [(result, false)]
        var depth = 0
        var problem: String?
        while let (v, expanded) = frames.popLast(), problem == nil {
            let id = containerID(v)
            if expanded {
                if let id { onPath.remove(id); done.insert(id) }
                depth -= 1
                continue
            }
            if let id {
                if onPath.contains(id) { problem = "contains itself"; break }
                if done.contains(id) { continue }
                onPath.insert(id)
            }
            depth += 1
            if depth > maximumDepth { problem = "is nested more than \(maximumDepth) levels deep"; break }
            frames.append((v, true))
            for child in children(v) { frames.append((child, false)) }
        }
        if let problem {
            dismantle([.value(result)])
            throw TorchSerializationError(.runtimeError, "torch.load: the object in this file \(problem), which nnrepl does not load")
        }
    }

    private static func containerID(_ v: PickleValue) -> ObjectIdentifier? {
        switch v {
        case .list(let l): return ObjectIdentifier(l)
        case .dict(let d): return ObjectIdentifier(d)
        case .object(let o): return ObjectIdentifier(o)
        default: return nil
        }
    }

    private static func children(_ v: PickleValue) -> [PickleValue] {
        switch v {
        case .tuple(let items), .set(let items): return items
        case .list(let l): return l.items
        case .dict(let d): return d.pairs.flatMap { [$0.key, $0.value] } + d.attributes.map(\.value)
        case .object(let o): return o.state.map { [$0] } ?? []
        default: return []
        }
    }

    /// Empties every list and dict reachable from `items`, iteratively, so releasing them
    /// never recurses.
    private static func dismantle(_ items: [Item]) {
        var pending: [PickleValue] = []
        func add(_ item: Item) {
            switch item {
            case .value(let v): pending.append(v)
            case .tuple(let inner): for i in inner { add(i) }
            default: break
            }
        }
        for item in items { add(item) }
        var seen = Set<ObjectIdentifier>()
        while let v = pending.popLast() {
            if let id = containerID(v), !seen.insert(id).inserted { continue }
            pending += children(v)
            switch v {
            case .list(let l): l.items = []
            case .dict(let d): d.pairs = []; d.attributes = []
            case .object(let o): o.state = nil
            default: break
            }
        }
    }

    private mutating func run() throws -> PickleValue {
        while true {
            let op = try readByte()
            switch op {
            case PickleOp.global:
                var module = try readLine(), name = try readLine()
                if let mapped = Self.nameMapping[module + "." + name] { (module, name) = mapped } else if let m = Self.importMapping[module] { module = m }
                var fullPath = module + "." + name
                if Self.blockedModules.contains(module) {
                    throw Self.rejected("Trying to load unsupported GLOBAL \(fullPath) whose module \(module) is blocked.")
                }
                guard let g = Self.allowedGlobal(fullPath) else {
                    if allowObjects {
                        stack.append(.global(.classRef(module, name)))
                        continue
                    }
                    if fullPath.hasPrefix("torch.distributed.") && [
                        "torch.distributed.device_mesh.DeviceMesh", "torch.distributed.tensor._dtensor_spec.DTensorSpec",
                        "torch.distributed.tensor._dtensor_spec.TensorMeta", "torch.distributed.tensor.DTensor",
                        "torch.distributed.tensor.placement_types.Partial", "torch.distributed.tensor.placement_types.Replicate",
                        "torch.distributed.tensor.placement_types.Shard",
                    ].contains(fullPath) {
                        throw Self.rejected("``torch.distributed.tensor`` must be imported to load DTensors")
                    }
                    if fullPath.hasPrefix("builtins") {
                        // PyTorch's message drops the `builtins.` of a builtin (`GLOBAL print`).
                        let rest = fullPath.dropFirst("builtins".count)
                        fullPath = rest.first == "." ? String(rest.dropFirst()) : "builtins" + rest
                    }
                    throw Self.rejected("Unsupported global: GLOBAL \(fullPath) was not an allowed global by default. Please use `torch.serialization.add_safe_globals([\(fullPath)])` or the `torch.serialization.safe_globals([\(fullPath)])` context manager to allowlist this global if you trust this class/function.")
                }
                stack.append(.global(g))
            case PickleOp.newobj:
                let args = try pop()
                let cls = try pop()
                guard case .global(let g) = cls else {
                    throw Self.rejected("Can only create new object for nn.Parameter or classes allowlisted via `add_safe_globals` but got \(Self.strString(cls))")
                }
                if case .classRef(let module, let name) = g, allowObjects {
                    guard let a = Self.tupleItems(args), a.isEmpty else {
                        throw Self.unsupported("a \(g.pythonName) object created with arguments (cls.__new__(cls, *args))")
                    }
                    stack.append(.value(.object(PickleObject(module: module, name: name))))
                    continue
                }
                guard g == .parameter, let a = Self.tupleItems(args) else { throw Self.unsupported("a \(g.pythonName) object") }
                stack.append(.value(try Self.parameter(try a.map(Self.asValue))))
            case PickleOp.reduce:
                let args = try pop()
                guard let fn = stack.last else { throw Self.corrupt("an instruction needs a value the stack does not have") }
                guard case .global(let g) = fn else {
                    throw Self.rejected("Trying to call reduce for unrecognized function \(Self.strString(fn))")
                }
                guard let a = Self.tupleItems(args) else { throw Self.corrupt("REDUCE needs a tuple of arguments") }
                stack[stack.count - 1] = try call(g, a)
            case PickleOp.build:
                let state = try popValue()
                guard let inst = stack.last else { throw Self.corrupt("an instruction needs a value the stack does not have") }
                switch inst {
                case .value(.dict(let d)) where d.isOrdered:
                    // OrderedDict: inst.__dict__.update(state)
                    guard case .dict(let s) = state else { throw Self.corrupt("an OrderedDict's state must be a dict") }
                    for (k, v) in s.pairs {
                        guard case .string(let name) = k else { throw Self.corrupt("an attribute name must be a string") }
                        d.attributes.removeAll { $0.name == name }
                        d.attributes.append((name, v))
                    }
                case .value(.object(let o)) where allowObjects:
                    // obj.__dict__.update(state); (dict, slots) pairs keep the dict.
                    if case .tuple(let parts) = state, parts.count == 2 {
                        guard case .none = parts[1] else { throw Self.unsupported("a \(o.qualifiedName) object with __slots__") }
                        o.state = parts[0]
                    } else {
                        o.state = state
                    }
                case .value(.tensor):
                    // Tensor.set_(*state) / Parameter.__setstate__: only empty states mean nothing.
                    switch state {
                    case .none: break
                    case .dict(let s) where s.pairs.isEmpty: break
                    case .tuple(let t) where t.isEmpty: break
                    default: throw Self.unsupported("a tensor with extra state")
                    }
                default:
                    throw Self.rejected("Can only build Tensor, Parameter, OrderedDict or types allowlisted via `add_safe_globals`, but got \(Self.typeString(inst))")
                }
            case PickleOp.append:
                let item = try popValue()
                guard case .value(.list(let l))? = stack.last else {
                    throw Self.rejected("Can only append to lists, but got \(stack.last.map(Self.typeString) ?? "nothing")")
                }
                l.items.append(item)
            case PickleOp.appends:
                let items = try popMark()
                guard case .value(.list(let l))? = stack.last else {
                    throw Self.rejected("Can only extend lists, but got \(stack.last.map(Self.typeString) ?? "nothing")")
                }
                l.items += try items.map(Self.asValue)
            case PickleOp.setitem:
                let v = try popValue(), k = try popValue()
                try dictTarget("SETITEM").set(k, v)
            case PickleOp.setitems:
                let items = try popMark()
                guard items.count % 2 == 0 else { throw Self.corrupt("SETITEMS needs key/value pairs") }
                let target = try dictTarget("SETITEMS")
                var i = 0
                while i < items.count {
                    try target.set(try Self.asValue(items[i]), try Self.asValue(items[i + 1]))
                    i += 2
                }
            case PickleOp.mark:
                metastack.append(stack)
                stack = []
            case PickleOp.tuple:
                stack.append(Self.makeTuple(try popMark()))
            case PickleOp.tuple1, PickleOp.tuple2, PickleOp.tuple3:
                let n = Int(op - PickleOp.tuple1) + 1
                guard stack.count >= n else { throw Self.corrupt("an instruction needs a value the stack does not have") }
                let items = Array(stack.suffix(n))
                stack.removeLast(n)
                stack.append(Self.makeTuple(items))
            case PickleOp.none: stack.append(.value(.none))
            case PickleOp.newfalse: stack.append(.value(.bool(false)))
            case PickleOp.newtrue: stack.append(.value(.bool(true)))
            case PickleOp.emptyTuple: stack.append(.value(.tuple([])))
            case PickleOp.emptyList: stack.append(.value(.list(PickleList())))
            case PickleOp.emptyDict: stack.append(.value(.dict(PickleDict())))
            case PickleOp.emptySet: stack.append(.value(.set([])))
            case PickleOp.binint: stack.append(.value(.int(Int(Int32(bitPattern: try readUInt32())))))
            case PickleOp.binint1: stack.append(.value(.int(Int(try readByte()))))
            case PickleOp.binint2:
                let b = try read(2)
                stack.append(.value(.int(Int(b.first!) | Int(b.last!) << 8)))
            case PickleOp.binfloat:
                let bits = try read(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                stack.append(.value(.float(Double(bitPattern: bits))))
            case PickleOp.binunicode:
                let n = Int(try readUInt32())
                let bytes = try read(n)
                guard let s = String(validating: bytes, as: UTF8.self) else { throw Self.unsupported("a string that is not valid UTF-8") }
                stack.append(.value(.string(s)))
            case PickleOp.shortBinstring:
                // torch.load decodes protocol-2 byte strings as UTF-8 (encoding='utf-8').
                let n = Int(try readByte())
                let bytes = try read(n)
                guard let s = String(validating: bytes, as: UTF8.self) else { throw Self.unsupported("a byte string that is not valid UTF-8") }
                stack.append(.value(.string(s)))
            case PickleOp.binpersid:
                let pid = try pop()
                stack.append(try persistentLoad(pid))
            case PickleOp.binget, PickleOp.longBinget:
                let index = op == PickleOp.binget ? Int(try readByte()) : Int(try readUInt32())
                guard let item = memo[index] else { throw Self.corrupt("memo slot \(index) is used before it is set") }
                stack.append(item)
            case PickleOp.binput, PickleOp.longBinput:
                let index = op == PickleOp.binput ? Int(try readByte()) : Int(try readUInt32())
                guard let top = stack.last else { throw Self.corrupt("an instruction needs a value the stack does not have") }
                memo[index] = top
            case PickleOp.long1:
                let n = Int(try readByte())
                let bytes = Array(try read(n))
                stack.append(.value(.int(try Self.decodeLong(bytes))))
            case PickleOp.proto:
                proto = Int(try readByte())
                if proto != 2 {
                    Warnings.warn("Detected pickle protocol \(proto) in the checkpoint, which was not the default pickle protocol used by `torch.load` (2). The weights_only Unpickler might not support all instructions implemented by this protocol, please file an issue for adding support if you encounter this.")
                }
            case PickleOp.stop:
                return try popValue()
            default:
                throw Self.rejected("Unsupported operand \(op)")
            }
        }
    }

    /// `pickle.decode_long`: little-endian two's complement.
    static func decodeLong(_ bytes: [UInt8]) throws -> Int {
        if bytes.isEmpty { return 0 }
        guard bytes.count <= 8 else {
            // Leading sign bytes beyond 8 are fine; anything else does not fit in 64 bits.
            let sign: UInt8 = bytes.last! & 0x80 != 0 ? 0xff : 0
            guard bytes[8...].allSatisfy({ $0 == sign }), (bytes[7] & 0x80 != 0) == (sign == 0xff) else {
                throw TorchSerializationError(.overflowError, "torch.load: an integer in this file does not fit in 64 bits (nnrepl's int)")
            }
            return try decodeLong(Array(bytes[0..<8]))
        }
        var v: UInt64 = 0
        for (i, b) in bytes.enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        if bytes.count < 8 && bytes.last! & 0x80 != 0 { v |= ~UInt64(0) << (8 * UInt64(bytes.count)) }
        return Int(Int64(bitPattern: v))
    }

    /// The dict SETITEM(S) writes into (`_check_set_item_target`).
    private func dictTarget(_ opcode: String) throws -> PickleDict {
        guard case .value(.dict(let d))? = stack.last else {
            throw Self.rejected("Can only \(opcode) for dict, collections.OrderedDict, collections.Counter, but got \(stack.last.map(Self.typeString) ?? "nothing")")
        }
        return d
    }

    // MARK: persistent ids (storages)

    private mutating func persistentLoad(_ pid: Item) throws -> Item {
        guard let fields = Self.tupleItems(pid) else {
            if case .value(.int) = pid { throw TorchSerializationError(.runtimeError, "torch.load: saved_id must be a tuple, got int") }
            throw Self.rejected("persistent_load id must be tuple or int, but got \(Self.typeString(pid))")
        }
        guard case .value(.string("storage"))? = fields.first else {
            throw Self.rejected("Only persistent_load of storage is allowed, but got \(fields.first.map(Self.typeString) ?? "nothing")")
        }
        guard fields.count == 5 else { throw Self.corrupt("a storage id has \(fields.count - 1) fields instead of 4") }
        guard case .value(.string(let key)) = fields[2], case .value(.string(let location)) = fields[3],
              case .value(.int(let numel)) = fields[4], numel >= 0 else {
            throw Self.corrupt("a storage id is malformed")
        }
        let type: TorchStorageType
        switch fields[1] {
        case .global(.storageType(let name)):
            let short = name.hasPrefix("torch.cuda.") ? String(name.dropFirst("torch.cuda.".count)) : String(name.dropFirst("torch.".count))
            guard let t = TorchStorageType.named(short) else { throw Self.unsupported("storage type \(name)") }
            type = t
        case .global(.untypedStorage): throw Self.unsupported("an untyped (uint8) storage")
        default: throw Self.corrupt("a storage id does not name a storage type")
        }
        if let (storage, loadedType) = loadedStorages[key] {
            guard loadedType.storageName == type.storageName || storage.byteCount == 0 else {
                throw Self.unsupported("one storage (data/\(key)) viewed as two dtypes")
            }
            return .storage(storage, type)
        }
        let storage = try loadStorage(type, key, location, numel)
        loadedStorages[key] = (storage, type)
        return .storage(storage, type)
    }
}

// MARK: - rebuilding objects

extension WeightsOnlyUnpickler {
    /// REDUCE of an allowed global with `args`.
    private mutating func call(_ g: Global, _ items: [Item]) throws -> Item {
        if case .rebuild(let n) = g, n == "_rebuild_tensor_v2" || n == "_rebuild_tensor" || n == "_rebuild_tensor_v3" {
            return .value(.tensor(try rebuildTensor(items, version: n)))
        }
        if case .classRef(let module, let name) = g {
            // copyreg._reconstructor(cls, object, None) is protocol 0/1's `cls.__new__(cls)`;
            // any other call would run code from the file, which nnrepl never does.
            if module == "copyreg" && name == "_reconstructor", items.count == 3,
               case .global(.classRef(let m, let n)) = items[0], case .global(.classRef("builtins", "object")) = items[1],
               case .value(.none) = items[2] {
                return .value(.object(PickleObject(module: m, name: n)))
            }
            throw TorchSerializationError(.unpicklingError, "torch.load: this file calls \(module).\(name)(...) to rebuild an object; nnrepl never runs code from a file, so it loads only tensors, plain values, modules and instances of your own classes")
        }
        let args = try items.map(Self.asValue)
        switch g {
        case .orderedDict:
            let d = PickleDict(isOrdered: true)
            if let first = args.first {
                // OrderedDict(iterable of pairs)
                let pairs: [PickleValue]
                switch first {
                case .list(let l): pairs = l.items
                case .tuple(let t): pairs = t
                case .dict(let src): d.pairs = src.pairs; return .value(.dict(d))
                default: throw Self.unsupported("an OrderedDict built from \(Self.typeString(.value(first)))")
                }
                for p in pairs {
                    guard case .tuple(let kv) = p, kv.count == 2 else { throw Self.corrupt("OrderedDict needs key/value pairs") }
                    try d.set(kv[0], kv[1])
                }
            }
            return .value(.dict(d))
        case .set:
            guard let first = args.first else { return .value(.set([])) }
            switch first {
            case .list(let l): return .value(.set(l.items))
            case .tuple(let t): return .value(.set(t))
            case .set(let s): return .value(.set(s))
            default: throw Self.unsupported("a set built from \(Self.typeString(.value(first)))")
            }
        case .size:
            guard args.count == 1, case .tuple(let dims) = args[0] else {
                if args.isEmpty { return .value(.size([])) }
                throw Self.corrupt("torch.Size needs a tuple of ints")
            }
            return .value(.size(try dims.map { d -> Int in
                guard case .int(let i) = d else { throw TorchSerializationError(.runtimeError, "torch.Size() takes an iterable of 'int'") }
                return i
            }))
        case .device:
            guard case .string(let type)? = args.first else { throw Self.corrupt("torch.device needs a string") }
            if args.count > 1, case .int(let index) = args[1] { return .value(.device("\(type):\(index)")) }
            return .value(.device(type))
        case .rebuild("_rebuild_parameter"), .rebuild("_rebuild_parameter_with_state"):
            if g == .rebuild("_rebuild_parameter_with_state"), args.count > 3 {
                switch args[3] {
                case .none: break
                case .dict(let s) where s.pairs.isEmpty: break
                default: throw Self.unsupported("a Parameter with extra attributes")
                }
            }
            return .value(try Self.parameter(Array(args.prefix(2))))
        case .rebuildFromTypeV2:
            // (func, new_type, args, state): rebuild with func, keep the plain tensor type.
            guard args.count >= 3, case .tuple(let inner) = args[2] else { throw Self.corrupt("_rebuild_from_type_v2 needs (func, type, args, state)") }
            throw Self.unsupported("a tensor subclass or a tensor with Python attributes (\(inner.count) rebuild arguments)")
        case .counter: throw Self.unsupported("a collections.Counter")
        case .codecsEncode, .bytearray: throw Self.unsupported("bytes")
        case .complex: throw Self.unsupported("a complex number")
        case .getLayout: throw Self.unsupported("a sparse tensor layout")
        case .rebuild(let n): throw Self.unsupported("a tensor rebuilt by \(n) (sparse, quantized, meta or device tensors)")
        case .tensor, .legacyTensorClass: throw Self.unsupported("a legacy tensor object")
        case .parameter: return .value(try Self.parameter(args))
        case .dtype(let n): throw Self.corrupt("torch.\(n) is not callable")
        case .storageType(let n): throw Self.unsupported("a bare storage \(n)")
        case .untypedStorage, .typedStorage: throw Self.unsupported("a bare storage")
        case .qscheme(let n): throw Self.unsupported("a quantization scheme \(n)")
        case .classRef: throw Self.corrupt("unreachable")
        }
    }

    /// `nn.Parameter(data, requires_grad=True)`.
    static func parameter(_ args: [PickleValue]) throws -> PickleValue {
        guard case .tensor(let data)? = args.first else { throw corrupt("Parameter needs a tensor") }
        var requiresGrad = true
        if args.count > 1 {
            guard case .bool(let b) = args[1] else { throw corrupt("Parameter's requires_grad must be a bool") }
            requiresGrad = b
        }
        do { return .tensor(try makeParameter(data, requiresGrad: requiresGrad)) } catch let e as TorchError {
            throw TorchSerializationError(.runtimeError, e.message)
        }
    }

    /// `_rebuild_tensor(storage, storage_offset, size, stride)`, `_v2` (then requires_grad,
    /// backward hooks, optional metadata) and `_v3` (then the dtype): a tensor over the loaded
    /// storage, with PyTorch's bounds check.
    private func rebuildTensor(_ items: [Item], version: String) throws -> Tensor {
        guard items.count >= 4 else { throw Self.corrupt("\(version) needs at least 4 arguments, got \(items.count)") }
        guard case .storage(let storage, let type) = items[0] else { throw Self.corrupt("\(version) needs a storage") }
        guard let dtype = type.engine else {
            throw Self.unsupported("a torch.\(type.dtypeName) tensor (\(type.storageName))")
        }
        func ints(_ item: Item, _ what: String) throws -> [Int] {
            guard case .value(.tuple(let vs)) = item else { throw Self.corrupt("a tensor's \(what) must be a tuple") }
            return try vs.map { v -> Int in
                guard case .int(let i) = v else { throw Self.corrupt("a tensor's \(what) must hold ints") }
                return i
            }
        }
        guard case .value(.int(let offset)) = items[1] else { throw Self.corrupt("a tensor's storage offset must be an int") }
        let shape = try ints(items[2], "size"), strides = try ints(items[3], "stride")
        var requiresGrad = false
        if version != "_rebuild_tensor", items.count > 4 {
            guard case .value(.bool(let b)) = items[4] else { throw Self.corrupt("a tensor's requires_grad must be a bool") }
            requiresGrad = b
        }
        if version == "_rebuild_tensor_v3", items.count > 6, case .global(.dtype(let n)) = items[6], n != type.dtypeName {
            throw Self.unsupported("a torch.\(n) tensor stored as \(type.storageName)")
        }
        do {
            let t = try Tensor.over(storage: storage, dtype: dtype, offset: offset, shape: shape, strides: strides)
            if requiresGrad { try t.setRequiresGrad(true) }
            return t
        } catch let e as TorchError {
            throw TorchSerializationError(.runtimeError, e.message)
        }
    }
}

extension PickleDict {
    /// `d[k] = v`: replaces an equal key's value in place, or appends.
    func set(_ key: PickleValue, _ value: PickleValue) throws {
        if let i = pairs.firstIndex(where: { pickleKeysEqual($0.key, key) }) { pairs[i].value = value } else { pairs.append((key, value)) }
    }
}

/// Equality of dict keys as Python hashes them (ints, floats, strings, bools, None, tuples).
func pickleKeysEqual(_ a: PickleValue, _ b: PickleValue) -> Bool {
    switch (a, b) {
    case (.none, .none): return true
    case (.string(let x), .string(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.float(let x), .float(let y)): return x == y
    case (.int(let x), .float(let y)), (.float(let y), .int(let x)): return Double(x) == y
    case (.bool(let x), .bool(let y)): return x == y
    case (.bool(let x), .int(let y)), (.int(let y), .bool(let x)): return (x ? 1 : 0) == y
    case (.tuple(let x), .tuple(let y)): return x.count == y.count && zip(x, y).allSatisfy(pickleKeysEqual)
    case (.tensor(let x), .tensor(let y)): return x === y
    case (.dtype(let x), .dtype(let y)): return x == y
    default: return false
    }
}
