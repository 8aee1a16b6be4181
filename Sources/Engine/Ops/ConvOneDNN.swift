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

/// out = conv(x, w) + b; all contiguous.
func oneDNNConvForward(_ s: ConvShape, _ x: Tensor, _ w: Tensor, _ b: Tensor?, _ out: Tensor) -> Bool {
    var shape = s.oneDNN
    shape.has_bias = b == nil ? 0 : 1
    let status = withExtendedLifetime((x, w, b, out)) {
        nn_conv_forward(&shape, x.floatPointer, w.floatPointer, b?.floatPointer, out.floatPointer)
    }
    return status == 0
}

/// gx = the gradient of the input, from gy and the weight.
func oneDNNConvBackwardData(_ s: ConvShape, _ gy: Tensor, _ w: Tensor, _ gx: Tensor) -> Bool {
    var shape = s.oneDNN
    let status = withExtendedLifetime((gy, w, gx)) {
        nn_conv_backward_data(&shape, gy.floatPointer, w.floatPointer, gx.floatPointer)
    }
    return status == 0
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
