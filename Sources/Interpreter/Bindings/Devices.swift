import Engine
import NN

/// Devices: `torch.device("cuda")` is a value like any other (printed, compared, passed
/// around), and `torch.cuda.is_available()` is False; only putting data on a device other
/// than the CPU fails, with the error PyTorch 2.15 (a CUDA build on a machine without a GPU)
/// gives: "Found no NVIDIA driver on your system. …".
final class DeviceObject: NativeObject {
    static let cpu = DeviceObject(type: "cpu", index: nil)
    let type: String
    let index: Int?
    init(type: String, index: Int?) { self.type = type; self.index = index }

    /// Device types PyTorch's parser knows, in the order its error message lists them.
    static let knownTypes = ["cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga",
                             "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone"]

    /// `torch.device("cuda:1")`: PyTorch's parsing and error texts.
    static func parse(_ s: String) throws -> DeviceObject {
        let parts = s.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard knownTypes.contains(parts[0]) else {
            throw PyError(.runtimeError, "Expected one of \(knownTypes.joined(separator: ", ")) device type at start of device string: \(s)")
        }
        if parts.count == 1 { return parts[0] == "cpu" ? cpu : DeviceObject(type: parts[0], index: nil) }
        guard let i = Int(parts[1]), i >= 0, !parts[1].hasPrefix("+") else { throw PyError(.runtimeError, "Invalid device string: '\(s)'") }
        return DeviceObject(type: parts[0], index: i)
    }

    override var typeName: String { "device" }
    override func repr() -> String { index.map { "device(type='\(type)', index=\($0))" } ?? "device(type='\(type)')" }
    override func str() -> String { index.map { "\(type):\($0)" } ?? type }
    override func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "type": return .str(type)
        case "index": return index.map { .int($0) } ?? Value.none
        default: return nil
        }
    }
    override func equals(_ other: Value) -> Bool? {
        guard case .object(let o as DeviceObject) = other else { return false }
        return o.type == type && o.index == index
    }
    override func hashKey() -> HashKey? { .tuple([.str(type), .int(index ?? -1)]) }
    override func attributeNames() -> [String] { ["index", "type"] }
}

extension Interpreter {
    /// A `device` argument (a string or a torch.device), or nil when `v` is neither.
    func deviceValue(_ v: Value) throws -> DeviceObject? {
        switch v {
        case .str(let s): return try DeviceObject.parse(s)
        case .object(let d as DeviceObject): return d
        default: return nil
        }
    }

    /// Refuses to put data anywhere but on the CPU, with PyTorch's error for that device.
    func requireCPU(_ d: DeviceObject) throws {
        switch d.type {
        case "cpu": return
        case "cuda":
            throw PyError(.runtimeError, "Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver from http://www.nvidia.com/Download/index.aspx")
        case "mps": throw PyError(.runtimeError, "PyTorch is not linked with support for mps devices")
        default: throw PyError(.runtimeError, "nnrepl runs on the CPU only (asked for device '\(d.str())')")
        }
    }

    /// Checks every device among a call's arguments (`x.to('cuda')`, `device=...`).
    func requireCPUArguments(_ values: [Value]) throws {
        for v in values { if let d = try deviceValue(v) { try requireCPU(d) } }
    }

    /// `torch.device`, `torch.set_default_device`, `torch.get_default_device`, `torch.cuda`,
    /// `torch.backends`.
    func installDevices(_ ns: NamespaceObject) {
        let deviceType = BuiltinType("device", test: { if case .object(is DeviceObject) = $0 { return true }; return false }) { [unowned self] a, _ in
            guard !a.positional.isEmpty || !a.keywords.isEmpty else {
                throw PyError(.typeError, "device() received an invalid combination of arguments - got (), but expected one of:\n * (torch.device device)\n * (str type, int index = -1)\n")
            }
            let b = try Signature.of("device", "type, index=None").bind(a, self)
            if case .object(let d as DeviceObject) = b["type"] { return .object(d) }
            if case .int(let i) = b["type"] { return .object(DeviceObject(type: "cuda", index: i)) }
            guard case .str(let s) = b["type"] else {
                throw PyError(.typeError, "device() received an invalid combination of arguments - got (\(self.typeName(b["type"]))), but expected one of:\n * (torch.device device)\n * (str type, int index = -1)\n")
            }
            let d = try DeviceObject.parse(s)
            if !b.isNone("index") { return .object(DeviceObject(type: d.type, index: try b.int("index"))) }
            return .object(d)
        }
        deviceType.qualifiedName = "torch.device"
        nativeTypes["torch.device"] = deviceType
        ns.members["device"] = .object(deviceType)
        ns.members["set_default_device"] = .builtin(BuiltinFunction("set_default_device") { [unowned self] a, _ in
            let v = a.positional.first ?? a.keyword("device") ?? .none
            self.defaultDevice = v.isNone ? DeviceObject.cpu : try self.deviceValue(v) ?? DeviceObject.cpu
            return .none
        })
        ns.members["get_default_device"] = .builtin(BuiltinFunction("get_default_device") { [unowned self] _, _ in
            .object(self.defaultDevice)
        })
        let noDriver: (Arguments, Interpreter) throws -> Value = { _, i in try i.requireCPU(DeviceObject(type: "cuda", index: nil)); return .none }
        ns.members["cuda"] = .object(NamespaceObject("torch.cuda", [
            "is_available": .builtin(BuiltinFunction("is_available") { _, _ in .false }),
            "device_count": .builtin(BuiltinFunction("device_count") { _, _ in .int(0) }),
            "is_initialized": .builtin(BuiltinFunction("is_initialized") { _, _ in .false }),
            // Seeding CUDA without a GPU is silently deferred by PyTorch.
            "manual_seed": .builtin(BuiltinFunction("manual_seed") { _, _ in .none }),
            "manual_seed_all": .builtin(BuiltinFunction("manual_seed_all") { _, _ in .none }),
            "current_device": .builtin(BuiltinFunction("current_device", noDriver)),
            "get_device_name": .builtin(BuiltinFunction("get_device_name", noDriver)),
            "synchronize": .builtin(BuiltinFunction("synchronize", noDriver)),
            "empty_cache": .builtin(BuiltinFunction("empty_cache") { _, _ in .none }),
        ]))
        // torch.accelerator (the tutorials' device line): this CPU-only build's accelerator type
        // is CUDA, as PyTorch's CPU wheel reports, but none is available.
        ns.members["accelerator"] = .object(NamespaceObject("torch.accelerator", [
            "is_available": .builtin(BuiltinFunction("is_available") { _, _ in .false }),
            "device_count": .builtin(BuiltinFunction("device_count") { _, _ in .int(0) }),
            "current_accelerator": .builtin(BuiltinFunction("current_accelerator") { a, i in
                let check = a.positional.first ?? a.keyword("check_available") ?? .false
                return try i.truthy(check) ? .none : .object(DeviceObject(type: "cuda", index: nil))
            }),
            "current_device_index": .builtin(BuiltinFunction("current_device_index", noDriver)),
            "current_device_idx": .builtin(BuiltinFunction("current_device_idx", noDriver)),
            "synchronize": .builtin(BuiltinFunction("synchronize", noDriver)),
        ]))
        let flags = NamespaceObject("torch.backends.cudnn", ["deterministic": .false, "benchmark": .false, "enabled": .true])
        flags.members["is_available"] = .builtin(BuiltinFunction("is_available") { _, _ in .false })
        ns.members["backends"] = .object(NamespaceObject("torch.backends", [
            "cudnn": .object(flags),
            "mps": .object(NamespaceObject("torch.backends.mps", [
                "is_available": .builtin(BuiltinFunction("is_available") { _, _ in .false }),
                "is_built": .builtin(BuiltinFunction("is_built") { _, _ in .false }),
            ])),
        ]))
    }
}
