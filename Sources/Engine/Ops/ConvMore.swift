/// conv1d (the 2-D convolution on a height-1 image, shown as one ConvolutionBackward0),
/// conv_transpose2d (its own scatter kernel; the input gradient is a conv2d), and bilinear.

/// `F.conv1d(input, weight, bias, stride, padding, dilation, groups)`: input (N, C, L) or (C, L),
/// weight (O, C/groups, K).
public func conv1d(_ input: Tensor, _ weight: Tensor, _ bias: Tensor?, stride: Int = 1, padding: Int = 0, dilation: Int = 1,
                   groups: Int = 1) throws -> Tensor {
    guard input.ndim == 2 || input.ndim == 3 else {
        throw TorchError.runtime("Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: \(shapeList(input.shape))")
    }
    guard weight.ndim == 3 else { throw TorchError.runtime("weight should have at least three dimensions") }
    if input.ndim == 2 { return try conv1d(try input.unsqueeze(0), weight, bias, stride: stride, padding: padding, dilation: dilation, groups: groups).squeeze(0) }
    // The padding check names the length as dimension 0, as ATen's conv1d does.
    if padding > Int.max - padding {
        throw TorchError.runtime("Given padding=\(padding) at dimension 0 , expected padding to be at most \(Int.max / 2)")
    }
    let geometry = Conv2dGeometry(stride: (1, stride), padding: (0, padding), dilation: (1, dilation), groups: groups)
    var inputs = [input, weight]
    if let bias { inputs.append(bias) }
    return try asSingleNode("ConvolutionBackward0", inputs: inputs) { t in
        try conv2d(try t[0].unsqueeze(2), try t[1].unsqueeze(2), bias != nil ? t[2] : nil, geometry).squeeze(2)
    }
}

/// `F.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation)`:
/// weight (C_in, C_out/groups, kh, kw); each input pixel scatters its kernel-weighted values into
/// the output, H_out = (H − 1)·s − 2p + d·(k − 1) + output_padding + 1 (ConvolutionBackward0).
public func convTranspose2d(_ input: Tensor, _ weight: Tensor, _ bias: Tensor?, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                            outputPadding: (Int, Int) = (0, 0), groups: Int = 1, dilation: (Int, Int) = (1, 1)) throws -> Tensor {
    guard input.ndim == 3 || input.ndim == 4 else {
        throw TorchError.runtime("Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of size: \(shapeList(input.shape))")
    }
    if input.ndim == 3 {
        return try convTranspose2d(try input.unsqueeze(0), weight, bias, stride: stride, padding: padding, outputPadding: outputPadding,
                                   groups: groups, dilation: dilation).squeeze(0)
    }
    guard weight.ndim == 4 else { throw TorchError.runtime("weight should have at least three dimensions") }
    // _convolution's padding check, then slow_conv_transpose2d's: its sizes are C `int`s, so
    // values past 2^31 wrap as they do there (a stride of 2**62 is 0, and refused).
    for (i, p) in [padding.0, padding.1].enumerated() where p > Int.max - p {
        throw TorchError.runtime("Given padding=\(p) at dimension \(i) , expected padding to be at most \(Int.max / 2)")
    }
    func int32(_ v: (Int, Int)) -> (Int, Int) { (Int(Int32(truncatingIfNeeded: v.0)), Int(Int32(truncatingIfNeeded: v.1))) }
    let (stride, padding, outputPadding, dilation) = (int32(stride), int32(padding), int32(outputPadding), int32(dilation))
    guard stride.0 > 0 && stride.1 > 0 else {
        throw TorchError.runtime("stride should be greater than zero, but got stride_height: \(stride.0) stride_width: \(stride.1)")
    }
    guard dilation.0 > 0 && dilation.1 > 0 else {
        throw TorchError.runtime("dilation should be greater than zero, but got dilation_height: \(dilation.0), dilation_width: \(dilation.1)")
    }
    let (n, cin, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
    let (wc, coutG, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
    guard groups > 0, cin == wc, cin % groups == 0 else {
        throw TorchError.runtime("Given transposed=1, weight of size \(shapeList(weight.shape)), expected input\(shapeList(input.shape)) to have \(wc) channels, but got \(cin) channels instead")
    }
    guard outputPadding.0 < Swift.max(stride.0, dilation.0) && outputPadding.1 < Swift.max(stride.1, dilation.1) else {
        throw TorchError.runtime("output padding must be smaller than either stride or dilation, but got output_padding_height: \(outputPadding.0) output_padding_width: \(outputPadding.1) stride_height: \(stride.0) stride_width: \(stride.1) dilation_height: \(dilation.0) dilation_width: \(dilation.1)")
    }
    let cout = coutG * groups, cinG = cin / groups
    let oh = (h - 1) * stride.0 - 2 * padding.0 + dilation.0 * (kh - 1) + outputPadding.0 + 1
    let ow = (w - 1) * stride.1 - 2 * padding.1 + dilation.1 * (kw - 1) + outputPadding.1 + 1
    guard oh > 0 && ow > 0 else { throw TorchError.runtime("Given input size per channel: (\(h) x \(w)). Calculated output size per channel: (\(oh) x \(ow)). Output size is too small") }
    if let bias, bias.shape != [cout] {
        throw TorchError.runtime("Given transposed=1, weight of size \(shapeList(weight.shape)), expected bias to be 1-dimensional with \(cout) elements, but got bias of size \(shapeList(bias.shape)) instead")
    }
    // Computed in float64 for float64 tensors, else in float32 (rounded to the dtype at the end).
    let dt = input.dtype.isFloatingPoint ? input.dtype : .float32
    let cdt: DType = dt == .float64 ? .float64 : .float32
    let x = try input.contiguousCopy(dtype: cdt), wt = try weight.contiguousCopy(dtype: cdt)
    let out = try Tensor.zeros([n, cout, oh, ow], dtype: cdt)
    let k = ConvTranspose2dKernel(n: n, cin: cin, cinG: cinG, coutG: coutG, cout: cout, h: h, w: w, oh: oh, ow: ow, kh: kh, kw: kw,
                                  stride: stride, padding: padding, dilation: dilation)
    if cdt == .float64 { try k.scatter(x.pointer(Double.self), wt.pointer(Double.self), out.pointer(Double.self)) } else {
        try k.scatter(x.pointer(Float.self), wt.pointer(Float.self), out.pointer(Float.self))
    }
    var result = out
    if let bias {
        result = try GradMode.with(false) { try add(.tensor(out), .tensor(try bias.to(cdt).reshape([cout, 1, 1]))) }
    }
    if cdt != dt { result = try result.to(dt) }
    var inputs = [input, weight]
    if let bias { inputs.append(bias) }
    let geometry = Conv2dGeometry(stride: stride, padding: padding, dilation: dilation, groups: groups)
    return result.recordingFormula("ConvolutionBackward0", inputs: inputs, saving: [x, wt]) { s, g, node in
        let (xs, ws) = (s[0], s[1])
        let gy = try g.contiguousCopy(dtype: cdt)
        // The input gradient is the ordinary convolution of the output gradient with the weight.
        var gx: Tensor? = nil
        if node.wants(0) {
            let full = try GradMode.with(false) { try conv2d(gy, ws, nil, geometry) }
            gx = try full.narrow(2, start: 0, length: h).narrow(3, start: 0, length: w).contiguousCopy(dtype: dt)
        }
        var gw: Tensor? = nil
        if node.wants(1) {
            let acc = try Tensor.zeros(ws.shape, dtype: cdt)
            if cdt == .float64 { k.weightGradient(xs.pointer(Double.self), gy.pointer(Double.self), acc.pointer(Double.self)) } else {
                k.weightGradient(xs.pointer(Float.self), gy.pointer(Float.self), acc.pointer(Float.self))
            }
            gw = try acc.to(weight.dtype)
        }
        var gb: Tensor? = nil
        if let bias, node.wants(2) { gb = try gy.sumRaw(dims: [0, 2, 3], keepdim: false).to(bias.dtype) }
        return [gx, gw, gb]
    }
}

/// conv_transpose2d's loops over contiguous NCHW buffers of the compute type.
private struct ConvTranspose2dKernel {
    let n: Int, cin: Int, cinG: Int, coutG: Int, cout: Int, h: Int, w: Int, oh: Int, ow: Int, kh: Int, kw: Int
    let stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int)

    /// Each input pixel adds its kernel-weighted values into the (zeroed) output.
    func scatter<T: SurfaceFloat>(_ x: UnsafeMutablePointer<T>, _ wt: UnsafeMutablePointer<T>, _ out: UnsafeMutablePointer<T>) throws {
        for b in 0..<n {
            try checkInterrupt()
            for ci in 0..<cin {
                let grp = ci / cinG
                for co in 0..<coutG {
                    let oc = grp * coutG + co
                    let outPlane = out + (b * cout + oc) * oh * ow
                    let wBase = wt + (ci * coutG + co) * kh * kw
                    let inPlane = x + (b * cin + ci) * h * w
                    for iy in 0..<h {
                        for ix in 0..<w {
                            let v = inPlane[iy * w + ix]
                            for ky in 0..<kh {
                                let y = iy * stride.0 - padding.0 + ky * dilation.0
                                if y < 0 || y >= oh { continue }
                                for kx in 0..<kw {
                                    let xx = ix * stride.1 - padding.1 + kx * dilation.1
                                    if xx < 0 || xx >= ow { continue }
                                    outPlane[y * ow + xx] += v * wBase[ky * kw + kx]
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// d weight[ci, co, ky, kx] = Σ_b,iy,ix input[b, ci, iy, ix] · grad[b, oc, y, x].
    func weightGradient<T: SurfaceFloat>(_ xs: UnsafeMutablePointer<T>, _ gy: UnsafeMutablePointer<T>, _ acc: UnsafeMutablePointer<T>) {
        for b in 0..<n {
            for ci in 0..<cin {
                let grp = ci / cinG
                for co in 0..<coutG {
                    let gPlane = gy + (b * cout + grp * coutG + co) * oh * ow
                    let inPlane = xs + (b * cin + ci) * h * w
                    let dst = acc + (ci * coutG + co) * kh * kw
                    for ky in 0..<kh {
                        for kx in 0..<kw {
                            var sum: T = 0
                            for iy in 0..<h {
                                let y = iy * stride.0 - padding.0 + ky * dilation.0
                                if y < 0 || y >= oh { continue }
                                for ix in 0..<w {
                                    let xx = ix * stride.1 - padding.1 + kx * dilation.1
                                    if xx < 0 || xx >= ow { continue }
                                    sum += inPlane[iy * w + ix] * gPlane[y * ow + xx]
                                }
                            }
                            dst[ky * kw + kx] += sum
                        }
                    }
                }
            }
        }
    }
}

/// `F.bilinear(x1, x2, weight, bias)`: y_k = x1ᵀ W_k x2 + b_k over the last dims
/// ([AddBackward0 ←] ViewBackward0 ← TrilinearBackward0, as ATen composes it).
public func bilinear(_ x1: Tensor, _ x2: Tensor, _ weight: Tensor, _ bias: Tensor?) throws -> Tensor {
    guard x1.ndim == x2.ndim else { throw TorchError.runtime("bilinear(): input dimensions do not match: got \(x1.ndim) and \(x2.ndim)") }
    for i in 0..<(x1.ndim - 1) where x1.shape[i] != x2.shape[i] {
        throw TorchError.runtime("bilinear(): input batch dimensions do not match: got \(x1.shape[i]) and \(x2.shape[i])")
    }
    guard weight.ndim == 3 else { throw TorchError.runtime("bilinear(): weight must be three-dimensional, but got \(weight.ndim)") }
    guard x1.shape.last == weight.shape[1] else {
        throw TorchError.runtime("bilinear(): input1 size does not match weight size: got \(x1.shape.last ?? 0) but expected \(weight.shape[1])")
    }
    guard x2.shape.last == weight.shape[2] else {
        throw TorchError.runtime("bilinear(): input2 size does not match weight size: got \(x2.shape.last ?? 0) but expected \(weight.shape[2])")
    }
    if let bias, bias.ndim != 1 || bias.shape[0] != weight.shape[0] {
        throw TorchError.runtime("bilinear(): bias size does not match weight size: got \(bias.ndim == 1 ? bias.shape[0] : bias.numel) but expected \(weight.shape[0])")
    }
    var size = x1.shape
    size[size.count - 1] = weight.shape[0]
    let a = try x1.reshape([-1, x1.shape.last!]), b = try x2.reshape([-1, x2.shape.last!])
    let out = try asSingleNode("TrilinearBackward0", inputs: [a, weight, b]) { t in
        try einsum("bi,kij,bj->bk", [t[0], t[1], t[2]])
    }.view(size)
    if let bias { return try add(out, bias) }
    return out
}
