import CDNNL      // oneDNN's C API; its module map links libdnnl
import COneDNN

/// Convolution through oneDNN (the library PyTorch itself uses for CPU convolution), via the
/// C glue in `Sources/COneDNN`. Each call returns false when oneDNN cannot run the shape, and
/// the caller falls back to the native path.

extension ConvShape {
    var oneDNN: nn_conv_shape {
        nn_conv_shape(n: Int64(n), ic: Int64(c), ih: Int64(h), iw: Int64(w),
                      oc: Int64(o), kh: Int64(kh), kw: Int64(kw), oh: Int64(oh), ow: Int64(ow),
                      sh: Int64(g.stride.0), sw: Int64(g.stride.1), ph: Int64(g.padding.0), pw: Int64(g.padding.1),
                      dh: Int64(g.dilation.0), dw: Int64(g.dilation.1), groups: Int64(g.groups), has_bias: 0)
    }
}

/// A big convolution runs as several oneDNN calls on consecutive images, checking Ctrl-C
/// between them: one call on a 32×64×128² batch takes about a second and cannot be stopped
/// inside. Each image's output depends on that image alone and oneDNN keeps its kernel (and the
/// order of every sum) when only the batch size changes, so the pieces give the one-call bits
/// (EngineTests.ConvPiecesTests). The weight gradient sums over the batch: it stays one call.
enum ConvPieces {
    /// Multiply-adds per call (about 20 ms here, as `GemmPieces.workPerPiece`).
    nonisolated(unsafe) static var workPerPiece = 1 << 30

    /// Runs `body(first image, count)` over the batch in pieces; false as soon as one fails.
    static func run(_ s: ConvShape, _ body: (Int, Int) -> Bool) throws -> Bool {
        let perImage = s.o * s.oh * s.ow * s.cg * s.kh * s.kw
        let images = Swift.max(1, workPerPiece / Swift.max(perImage, 1))
        if images >= s.n { return body(0, s.n) }
        var start = 0
        while start < s.n {
            if start > 0 { try checkInterrupt() }
            let count = Swift.min(images, s.n - start)
            if !body(start, count) { return false }
            start += count
        }
        return true
    }
}

/// out = conv(x, w) + b; all contiguous. False when oneDNN cannot run the shape.
func oneDNNConvForward(_ s: ConvShape, _ x: Tensor, _ w: Tensor, _ b: Tensor?, _ out: Tensor) throws -> Bool {
    var shape = s.oneDNN
    shape.has_bias = b == nil ? 0 : 1
    let inImage = s.c * s.h * s.w, outImage = s.o * s.oh * s.ow
    return try withExtendedLifetime((x, w, b, out)) {
        try ConvPieces.run(s) { first, count in
            shape.n = Int64(count)
            return nn_conv_forward(&shape, x.floatPointer + first * inImage, w.floatPointer, b?.floatPointer,
                                   out.floatPointer + first * outImage) == 0
        }
    }
}

/// gx = the gradient of the input, from gy and the weight (in pieces of images, as the forward).
func oneDNNConvBackwardData(_ s: ConvShape, _ gy: Tensor, _ w: Tensor, _ gx: Tensor) throws -> Bool {
    var shape = s.oneDNN
    let inImage = s.c * s.h * s.w, outImage = s.o * s.oh * s.ow
    return try withExtendedLifetime((gy, w, gx)) {
        try ConvPieces.run(s) { first, count in
            shape.n = Int64(count)
            return nn_conv_backward_data(&shape, gy.floatPointer + first * outImage, w.floatPointer,
                                         gx.floatPointer + first * inImage) == 0
        }
    }
}

/// gw and gb (either may be nil, not both) from the input and gy. oneDNN computes the weight
/// gradient whenever it computes the bias gradient, as PyTorch's mkldnn backward does.
func oneDNNConvBackwardWeights(_ s: ConvShape, _ x: Tensor, _ gy: Tensor, _ gw: Tensor?, _ gb: Tensor?) -> Bool {
    var shape = s.oneDNN
    guard let weightGrad = gw ?? (try? Tensor(shape: [s.o, s.cg, s.kh, s.kw], dtype: .float32, zeroed: false)) else { return false }
    let status = withExtendedLifetime((x, gy, weightGrad, gb)) {
        nn_conv_backward_weights(&shape, x.floatPointer, gy.floatPointer, weightGrad.floatPointer, gb?.floatPointer)
    }
    return status == 0
}

/// "oneDNN 2.6.3": the library version linked in (for `torch.__config__.show()` and docs).
public var oneDNNVersion: String {
    guard let v = dnnl_version()?.pointee else { return "oneDNN" }
    return "oneDNN \(v.major).\(v.minor).\(v.patch)"
}

/// oneDNN primitives (convolutions and reorders) created so far; constant in a steady loop,
/// which runs cached ones.
public var oneDNNPrimitivesCreated: Int { Int(nn_dnnl_primitives_created()) }
