import XCTest
import CInterrupt
@testable import Engine

/// Big matrix products and convolutions run in pieces so that Ctrl-C can stop them
/// (`GemmPieces`, `ConvPieces`). Splitting must not change a single bit of the result: these
/// tests lower the piece size so that small problems split, and compare with the one-call
/// result bit for bit, for every layout the BLAS call sees (transposed operands, a row- or
/// column-major result) and for the convolutions oneDNN runs.
final class ComputePiecesTests: XCTestCase {
    override func tearDown() {
        GemmPieces.workPerPiece = 1 << 30
        GemmPieces.minimumWidth = 256
        ConvPieces.workPerPiece = 1 << 30
        _ = nn_take_interrupt()
    }

    func bits(_ t: Tensor) throws -> [UInt64] {
        let c = try t.contiguousCopy()
        if c.dtype == .float64 { return (0..<c.numel).map { c.doublePointer[$0].bitPattern } }
        return (0..<c.numel).map { UInt64(c.floatPointer[$0].bitPattern) }
    }

    func differing(_ a: [UInt64], _ b: [UInt64]) -> Int {
        a.count != b.count ? max(a.count, b.count) : zip(a, b).filter { $0 != $1 }.count
    }

    /// The product whole and in pieces of at least 256 rows and columns (the real minimum):
    /// strips of 2^28 multiply-adds (a quarter of the real size, so that 1024³ splits) and
    /// blocks of 2^24 (rows and columns both split, as for products above ~2048²).
    func splitAndWhole(_ f: () throws -> Tensor) throws -> (whole: [UInt64], strips: [UInt64], blocks: [UInt64]) {
        GemmPieces.workPerPiece = .max
        let whole = try bits(try f())
        GemmPieces.workPerPiece = 1 << 28
        let strips = try bits(try f())
        GemmPieces.workPerPiece = 1 << 24
        let blocks = try bits(try f())
        return (whole, strips, blocks)
    }

    /// The pieces tile C exactly once, each at least the minimum wide (or the whole dimension).
    func testPiecesTileTheProduct() throws {
        GemmPieces.workPerPiece = 1 << 24
        for (m, n, k) in [(1024, 1024, 1024), (777, 1345, 333), (4096, 300, 4096), (300, 5000, 2048), (100, 100, 1 << 20)] {
            var seen = [Int](repeating: 0, count: m * n)
            var count = 0
            try GemmPieces.run(transA: false, transB: false, m: m, n: n, k: k, lda: m, ldb: k, ldc: m) { p in
                count += 1
                XCTAssertTrue(p.m >= 256 || p.m == m, "\(p.m) rows of \(m)")
                XCTAssertTrue(p.n >= 256 || p.n == n, "\(p.n) columns of \(n)")
                let row = p.a, column = p.b / k
                XCTAssertEqual(p.c, row + column * m)
                for j in column..<column + p.n { for i in row..<row + p.m { seen[i + j * m] += 1 } }
            }
            XCTAssertEqual(seen.filter { $0 != 1 }.count, 0, "\(m)×\(n): every element of C once")
            if m >= 512 && n >= 512 { XCTAssertGreaterThan(count, 2, "\(m)×\(n) splits both ways") }
        }
    }

    /// float32 products through MKL's sgemm (float64 ones are not split: MKL's dgemm changes
    /// its order of summation for a block of columns). Big shapes: small blocks go through
    /// MKL's small-matrix kernels, which sum in another order (blocks of 64 columns of a
    /// 513×257 @ 257×515 product differed in 0.5% of the elements).
    func testSplitMatrixProductsKeepEveryBit() throws {
        try XCTSkipUnless(NumericsInfo.usesMKL, "the pieces are checked against MKL's sgemm")
        let g = Generator(seed: 7)
        // (m, k, n): square, long in rows, long in columns, sizes off the register blocks.
        for (m, k, n) in [(1024, 1024, 1024), (1500, 700, 600), (600, 900, 1100), (777, 333, 1345)] {
            let a = try Tensor.randn([m, k], generator: g)
            let b = try Tensor.randn([k, n], generator: g)
            let at = try Tensor.randn([k, m], generator: g)
            let bt = try Tensor.randn([n, k], generator: g)
            let bias = try Tensor.randn([n], generator: g)
            let cases: [(String, () throws -> Tensor)] = [
                ("a @ b", { try mm(a, b) }),
                ("aᵀ @ bᵀ", { try mm(try at.t(), try bt.t()) }),
                ("a @ bᵀ", { try mm(a, try bt.t()) }),
                ("(b @ aᵀ)ᵀ", { try mm(try bt, try a.t()).t() }),
                ("addmm", { try addmm(bias, a, b) }),
            ]
            for (name, f) in cases {
                let (whole, strips, blocks) = try splitAndWhole(f)
                XCTAssertEqual(differing(whole, strips), 0, "elements differing: \(name) for \(m)×\(k) @ \(k)×\(n) in strips")
                XCTAssertEqual(differing(whole, blocks), 0, "elements differing: \(name) for \(m)×\(k) @ \(k)×\(n) in blocks")
            }
        }
    }

    /// At the real piece size, on products big enough to split both ways (a minute or two):
    /// `NNREPL_LONG_PIECES=1 swift test --filter ComputePiecesTests`.
    func testRealPiecesOfBigProductsKeepEveryBit() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["NNREPL_LONG_PIECES"] == "1", "set NNREPL_LONG_PIECES=1")
        try XCTSkipUnless(NumericsInfo.usesMKL, "the pieces are checked against MKL's sgemm")
        let g = Generator(seed: 11)
        for (m, k, n) in [(4096, 4096, 4096), (3000, 2500, 3100), (2600, 5000, 2300), (5000, 700, 4500), (2049, 3000, 6000)] {
            let a = try Tensor.randn([m, k], generator: g), b = try Tensor.randn([k, n], generator: g)
            let bt = try Tensor.randn([n, k], generator: g)
            for (name, f) in [("a @ b", { try mm(a, b) }), ("a @ bᵀ", { try mm(a, try bt.t()) })] as [(String, () throws -> Tensor)] {
                GemmPieces.workPerPiece = .max
                let whole = try bits(try f())
                GemmPieces.workPerPiece = 1 << 30
                let split = try bits(try f())
                XCTAssertEqual(differing(whole, split), 0, "elements differing: \(name) for \(m)×\(k) @ \(k)×\(n)")
            }
        }
    }

    func testSplitConvolutionsKeepEveryBit() throws {
        let g = Generator(seed: 8)
        // (input, weight, geometry): oneDNN runs each (batch > 1).
        let cases: [([Int], [Int], Conv2dGeometry)] = [
            ([6, 16, 20, 20], [32, 16, 3, 3], Conv2dGeometry(padding: (1, 1))),
            ([5, 3, 33, 31], [8, 3, 5, 5], Conv2dGeometry(stride: (2, 2), padding: (2, 1))),
            ([4, 8, 17, 17], [8, 1, 3, 3], Conv2dGeometry(padding: (1, 1), groups: 8)),
            ([7, 4, 15, 15], [6, 4, 3, 3], Conv2dGeometry(dilation: (2, 2))),
        ]
        for (xs, ws, geometry) in cases {
            let x = try Tensor.randn(xs, generator: g), w = try Tensor.randn(ws, generator: g)
            let b = try Tensor.randn([ws[0]], generator: g)
            try x.setRequiresGrad(true)
            func run() throws -> ([UInt64], [UInt64]) {
                let y = try conv2d(x, w, b, geometry)
                let gy = try Tensor.randn(y.shape, generator: Generator(seed: 9))
                x.grad = nil
                try Autograd.backward(y, gradient: gy, retainGraph: false)
                return (try bits(y), try bits(x.grad!))
            }
            ConvPieces.workPerPiece = .max
            let whole = try run()
            // One or two images per call.
            for images in [1, 2] {
                let s = ConvShape(input: xs, weight: ws, geometry)
                ConvPieces.workPerPiece = images * s.o * s.oh * s.ow * s.cg * s.kh * s.kw
                let split = try run()
                XCTAssertEqual(differing(whole.0, split.0), 0, "elements differing: conv2d \(xs) * \(ws) in pieces of \(images)")
                XCTAssertEqual(differing(whole.1, split.1), 0, "elements differing: the input gradient of conv2d \(xs) * \(ws) in pieces of \(images)")
            }
        }
    }

    func testCtrlCStopsAProductBetweenPieces() throws {
        GemmPieces.workPerPiece = 1 << 14
        GemmPieces.minimumWidth = 64
        let a = try Tensor.randn([512, 64]), b = try Tensor.randn([64, 512])
        nn_request_interrupt()
        XCTAssertThrowsError(try mm(a, b)) { XCTAssertEqual(($0 as? TorchError)?.kind, .keyboardInterrupt) }
        XCTAssertNoThrow(try mm(a, b), "the interrupt is taken once")
    }

    func testCtrlCStopsAConvolutionBetweenPieces() throws {
        let x = try Tensor.randn([4, 3, 16, 16]), w = try Tensor.randn([4, 3, 3, 3])
        ConvPieces.workPerPiece = 1
        nn_request_interrupt()
        XCTAssertThrowsError(try conv2d(x, w, nil, Conv2dGeometry())) { XCTAssertEqual(($0 as? TorchError)?.kind, .keyboardInterrupt) }
    }
}
