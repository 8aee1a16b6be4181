/// `pixel_shuffle`, `pixel_unshuffle` and `channel_shuffle`: rearrangements of channels into
/// space (and back) and of channel groups, made of a view, a permutation and a copy, shown as
/// the one node PyTorch has for each (PixelShuffleBackward0, PixelUnshuffleBackward0,
/// ChannelShuffleBackward0). Only data moves, so the values are PyTorch's exactly.

/// (*, C·r², H, W) → (*, C, H·r, W·r).
public func pixelShuffle(_ x: Tensor, upscaleFactor r: Int) throws -> Tensor {
    guard x.ndim >= 3 else {
        throw TorchError.runtime("pixel_shuffle expects input to have at least 3 dimensions, but got input with \(x.ndim) dimension(s)")
    }
    guard r > 0 else { throw TorchError.runtime("pixel_shuffle expects a positive upscale_factor, but got \(r)") }
    let n = x.ndim, c = x.shape[n - 3], h = x.shape[n - 2], w = x.shape[n - 1]
    guard c % (r * r) == 0 else {
        throw TorchError.runtime("pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=\(c) is not divisible by \(r * r)")
    }
    let batch = Array(x.shape[..<(n - 3)]), b = batch.count
    return try asSingleNode("PixelShuffleBackward0", inputs: [x]) { t in
        // (*, C, r, r, H, W) → (*, C, H, r, W, r)
        let v = try t[0].reshape(batch + [c / (r * r), r, r, h, w])
        let p = try v.permute(Array(0..<b) + [b, b + 3, b + 1, b + 4, b + 2])
        return try p.contiguous().reshape(batch + [c / (r * r), h * r, w * r])
    }
}

/// (*, C, H·r, W·r) → (*, C·r², H, W).
public func pixelUnshuffle(_ x: Tensor, downscaleFactor r: Int) throws -> Tensor {
    guard x.ndim >= 3 else {
        throw TorchError.runtime("pixel_unshuffle expects input to have at least 3 dimensions, but got input with \(x.ndim) dimension(s)")
    }
    guard r > 0 else { throw TorchError.runtime("pixel_unshuffle expects a positive downscale_factor, but got \(r)") }
    let n = x.ndim, c = x.shape[n - 3], h = x.shape[n - 2], w = x.shape[n - 1]
    guard h % r == 0 else {
        throw TorchError.runtime("pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=\(h) is not divisible by \(r)")
    }
    guard w % r == 0 else {
        throw TorchError.runtime("pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=\(w) is not divisible by \(r)")
    }
    let batch = Array(x.shape[..<(n - 3)]), b = batch.count
    return try asSingleNode("PixelUnshuffleBackward0", inputs: [x]) { t in
        // (*, C, H, r, W, r) → (*, C, r, r, H, W)
        let v = try t[0].reshape(batch + [c, h / r, r, w / r, r])
        let p = try v.permute(Array(0..<b) + [b, b + 2, b + 4, b + 1, b + 3])
        return try p.contiguous().reshape(batch + [c * r * r, h / r, w / r])
    }
}

/// (N, g·k, *) → (N, k·g, *): channel i·k + j goes to j·g + i.
public func channelShuffle(_ x: Tensor, groups g: Int) throws -> Tensor {
    guard g > 0 else { throw TorchError.runtime("Number of groups to divide channels in must be positive. Value of groups:\(g)") }
    guard x.ndim > 2 else {
        throw TorchError.runtime("channel_shuffle expects input with > 2 dims, but got input with sizes \(shapeList(x.shape))")
    }
    let c = x.shape[1]
    guard c % g == 0 else { throw TorchError.runtime("Number of channels must be divisible by groups. Got \(c) channels and \(g) groups.") }
    let rest = Array(x.shape[2...])
    return try asSingleNode("ChannelShuffleBackward0", inputs: [x]) { t in
        let v = try t[0].reshape([x.shape[0], g, c / g] + rest)
        return try v.transpose(1, 2).contiguous().reshape(x.shape)
    }
}
