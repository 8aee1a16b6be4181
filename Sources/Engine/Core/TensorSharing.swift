/// Tensors over memory another object also views (numpy arrays in the interpreter): what
/// `torch.from_numpy` needs to share an array's data with a tensor.
extension Tensor {
    /// A tensor viewing `storage` with the given geometry (element strides, non-negative), no
    /// autograd history and a fresh version counter.
    public static func sharing(storage: Storage, shape: [Int], strides: [Int], offset: Int, dtype: DType) -> Tensor {
        Tensor(storage: storage, shape: shape, strides: strides, offset: offset, dtype: dtype, version: VersionCounter())
    }
}

extension DType {
    /// The dtype whose `pythonName` is `torch.<name>` (`float64`, `int32`, …), if nnrepl has it.
    public init?(torchName name: String) {
        guard let d = DType.allCases.first(where: { $0.pythonName == "torch." + name }) else { return nil }
        self = d
    }
}
