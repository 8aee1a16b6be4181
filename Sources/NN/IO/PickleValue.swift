import Engine

/// The objects a `torch.save` file carries, as the pickle subset of this folder reads and
/// writes them: Python's plain values, containers, tensors (Parameters included) and the few
/// torch objects PyTorch's weights-only unpickler accepts (`torch.Size`, dtypes, devices).
///
/// Lists and dicts are references (`PickleList`, `PickleDict`) so that an object stored twice
/// is pickled once and comes back as one shared object, as Python's pickle memo does.
public indirect enum PickleValue {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case tuple([PickleValue])
    case list(PickleList)
    case dict(PickleDict)
    /// A Python `set`, its elements in iteration order.
    case set([PickleValue])
    /// A tensor; pickled as a Parameter when `isParameter` is set.
    case tensor(Tensor)
    /// `torch.Size`.
    case size([Int])
    /// A dtype object (`torch.float32`), by its name in the `torch` module (`float32`).
    case dtype(String)
    /// `torch.device('cpu')`, by its string.
    case device(String)
    /// An instance of a class (a whole `nn.Module`, a user's object), pickled by reference to
    /// its class and its `__dict__` (`torch.load(weights_only=False)` only).
    case object(PickleObject)
}

/// An object pickled as protocol 2 pickles instances of plain classes: `GLOBAL module name`,
/// an empty argument tuple, `NEWOBJ` (`cls.__new__(cls)`), then the state (its `__dict__`)
/// and `BUILD`. Nothing runs when it is loaded: the caller decides which classes it rebuilds.
public final class PickleObject {
    /// The class's `__module__` (`__main__`, `torch.nn.modules.linear`) and name.
    public let module: String
    public let name: String
    /// The `BUILD` state: a dict (the instance `__dict__`), or nil when there is none.
    public var state: PickleValue?

    public init(module: String, name: String, state: PickleValue? = nil) {
        self.module = module
        self.name = name
        self.state = state
    }

    /// `module.name`.
    public var qualifiedName: String { module + "." + name }
}

/// A Python list inside a pickle.
public final class PickleList {
    public var items: [PickleValue]
    public init(_ items: [PickleValue] = []) { self.items = items }
}

/// A Python `dict`, or a `collections.OrderedDict` (state dicts are).
public final class PickleDict {
    public var pairs: [(key: PickleValue, value: PickleValue)]
    /// `collections.OrderedDict` rather than `dict`.
    public var isOrdered: Bool
    /// An OrderedDict's instance attributes (`_metadata` of a state dict), in order.
    public var attributes: [(name: String, value: PickleValue)]
    /// The string keys are objects Python made afresh (`str(idx)`: the child names of a
    /// Sequential or ModuleList), so equal strings elsewhere are not the same object and the
    /// pickle writes them again instead of referring back to the memo.
    public var keysAreFresh = false

    public init(_ pairs: [(key: PickleValue, value: PickleValue)] = [], isOrdered: Bool = false,
                attributes: [(name: String, value: PickleValue)] = []) {
        self.pairs = pairs
        self.isOrdered = isOrdered
        self.attributes = attributes
    }
}

/// The storage classes a pickle names (`torch.FloatStorage`) and the dtypes behind them, as
/// `torch.storage._dtype_to_storage_type_map()` pairs them, plus each dtype's name in `torch`.
/// `engine` is nil for the dtypes the Engine does not have (complex numbers).
struct TorchStorageType {
    let storageName: String
    let dtypeName: String
    let itemSize: Int
    let engine: DType?

    static let all: [TorchStorageType] = [
        TorchStorageType(storageName: "FloatStorage", dtypeName: "float32", itemSize: 4, engine: .float32),
        TorchStorageType(storageName: "LongStorage", dtypeName: "int64", itemSize: 8, engine: .int64),
        TorchStorageType(storageName: "BoolStorage", dtypeName: "bool", itemSize: 1, engine: .bool),
        TorchStorageType(storageName: "DoubleStorage", dtypeName: "float64", itemSize: 8, engine: .float64),
        TorchStorageType(storageName: "HalfStorage", dtypeName: "float16", itemSize: 2, engine: .float16),
        TorchStorageType(storageName: "BFloat16Storage", dtypeName: "bfloat16", itemSize: 2, engine: .bfloat16),
        TorchStorageType(storageName: "IntStorage", dtypeName: "int32", itemSize: 4, engine: .int32),
        TorchStorageType(storageName: "ShortStorage", dtypeName: "int16", itemSize: 2, engine: .int16),
        TorchStorageType(storageName: "CharStorage", dtypeName: "int8", itemSize: 1, engine: .int8),
        TorchStorageType(storageName: "ByteStorage", dtypeName: "uint8", itemSize: 1, engine: .uint8),
        TorchStorageType(storageName: "ComplexFloatStorage", dtypeName: "complex64", itemSize: 8, engine: nil),
        TorchStorageType(storageName: "ComplexDoubleStorage", dtypeName: "complex128", itemSize: 16, engine: nil),
    ]

    static func named(_ storageName: String) -> TorchStorageType? { all.first { $0.storageName == storageName } }
    static func forDType(_ dtype: DType) -> TorchStorageType? { all.first { $0.engine == dtype } }
    static func forDTypeName(_ name: String) -> TorchStorageType? { all.first { $0.dtypeName == name } }
}

/// The pickle opcodes of protocol 2 that torch.save writes and the weights-only unpickler reads.
enum PickleOp {
    static let mark: UInt8 = 0x28          // (
    static let stop: UInt8 = 0x2e          // .
    static let binint: UInt8 = 0x4a        // J
    static let binint1: UInt8 = 0x4b       // K
    static let binint2: UInt8 = 0x4d       // M
    static let none: UInt8 = 0x4e          // N
    static let binpersid: UInt8 = 0x51     // Q
    static let reduce: UInt8 = 0x52        // R
    static let shortBinstring: UInt8 = 0x55 // U
    static let binunicode: UInt8 = 0x58    // X
    static let emptyList: UInt8 = 0x5d     // ]
    static let append: UInt8 = 0x61        // a
    static let build: UInt8 = 0x62         // b
    static let global: UInt8 = 0x63        // c
    static let appends: UInt8 = 0x65       // e
    static let binget: UInt8 = 0x68        // h
    static let longBinget: UInt8 = 0x6a    // j
    static let emptyDict: UInt8 = 0x7d     // }
    static let binput: UInt8 = 0x71        // q
    static let longBinput: UInt8 = 0x72    // r
    static let setitem: UInt8 = 0x73       // s
    static let tuple: UInt8 = 0x74         // t
    static let setitems: UInt8 = 0x75      // u
    static let emptyTuple: UInt8 = 0x29    // )
    static let binfloat: UInt8 = 0x47      // G
    static let proto: UInt8 = 0x80
    static let newobj: UInt8 = 0x81
    static let tuple1: UInt8 = 0x85
    static let tuple2: UInt8 = 0x86
    static let tuple3: UInt8 = 0x87
    static let newtrue: UInt8 = 0x88
    static let newfalse: UInt8 = 0x89
    static let long1: UInt8 = 0x8a
    static let emptySet: UInt8 = 0x8f
}
