#!/usr/bin/env python
"""Generates Tests/EngineTests/PrintingTests.swift from real PyTorch.

Usage (from the package root, with PyTorch 2.15 installed):
    python scripts/golden/printing_cases.py > Tests/EngineTests/PrintingTests.swift

Every case builds a real tensor, prints it with real PyTorch under the given print options and records
the text as the expected Swift literal. Cases copied from docs/pytorch-behaviour.md (sections 1.2-1.9)
also carry the doc's text, and the generator refuses to run if PyTorch disagrees with the doc.
Element data is emitted densely for small tensors; for summarised tensors only the printed elements are
emitted, and the Swift test fails if formatTensor reads any other element.
"""
import math
import struct
import torch

# (test name, Python code leaving the tensor in `t`, print options, doc text or None, Swift closure or None)
# A Swift closure replaces the element data (for big tensors whose values follow a formula).
CASES = []


def case(name, code, doc=None, swift=None, **opts):
    CASES.append((name, code, opts, doc, swift))


# ---- 1.2 element formatter -------------------------------------------------------------------
case("doc12_fixed", "t = torch.tensor([1.5, 2.25, -3.125])", "tensor([ 1.5000,  2.2500, -3.1250])")
case("doc12_float32Artefact", "t = torch.tensor([12345.678])", "tensor([12345.6777])")
case("doc12_halfEven", "t = torch.tensor([0.03125, 1.5])", "tensor([0.0312, 1.5000])")
case("doc12_mixedWidth", "t = torch.tensor([100.5, -0.25])", "tensor([100.5000,  -0.2500])")
case("doc12_intMode", "t = torch.tensor([1., -2., 300.])", "tensor([  1.,  -2., 300.])")
case("doc12_intModeRatio1000", "t = torch.tensor([1., 1000.])", "tensor([   1., 1000.])")
case("doc12_intMode1e8", "t = torch.tensor([100000000.])", "tensor([100000000.])")
case("doc12_sciRatio", "t = torch.tensor([1., 1001.])", "tensor([1.0000e+00, 1.0010e+03])")
case("doc12_sciSmall", "t = torch.tensor([1e-5, 1.])", "tensor([1.0000e-05, 1.0000e+00])")
case("doc12_sciFloat32Tenth4", "t = torch.tensor([0.0001])", "tensor([1.0000e-04])")
case("doc12_notSci", "t = torch.tensor([0.00011])", "tensor([0.0001])")
case("doc12_sciLarge", "t = torch.tensor([123456789.])", "tensor([1.2346e+08])")
case("doc12_sci1e10", "t = torch.tensor([1e10, 1.])", "tensor([1.0000e+10, 1.0000e+00])")
case("doc12_subnormal", "t = torch.tensor([1e-45])", "tensor([1.4013e-45])")
case("doc12_sciWithZero", "t = torch.tensor([-1e-5, 2.5, 0.])", "tensor([-1.0000e-05,  2.5000e+00,  0.0000e+00])")
case("doc12_nan", "t = torch.tensor([float('nan'), 1.5])", "tensor([   nan, 1.5000])")
case("doc12_infIntMode", "t = torch.tensor([float('inf'), -float('inf'), 2.])", "tensor([inf, -inf, 2.])")
case("doc12_infSci", "t = torch.tensor([0.5, float('inf'), 1e-6])", "tensor([5.0000e-01,        inf, 1.0000e-06])")
case("doc12_negZero", "t = torch.tensor([-0.])", "tensor([-0.])")
case("doc12_negZeroFixed", "t = torch.tensor([-0., 1.5])", "tensor([-0.0000, 1.5000])")
case("doc12_negZeroIntMode", "t = torch.tensor([0., -0., 2.])", "tensor([0., -0., 2.])")
case("doc12_negZeroScalar", "t = torch.tensor(-0.)", "tensor(-0.)")
case("doc12_int64", "t = torch.tensor([-1, 100, 7])", "tensor([ -1, 100,   7])")
case("doc12_int64Matrix", "t = torch.arange(12).view(3, 4)",
     "tensor([[ 0,  1,  2,  3],\n        [ 4,  5,  6,  7],\n        [ 8,  9, 10, 11]])")
case("doc12_division", "t = torch.tensor([1, 2]) / 2", "tensor([0.5000, 1.0000])")
case("doc12_long", "t = torch.tensor([1.9, -1.9]).long()", "tensor([ 1, -1])")
case("doc12_bool", "t = torch.tensor([True, False])", "tensor([ True, False])")
case("doc12_comparison", "x = torch.tensor([-1., 0., 2.]); t = x > 0", "tensor([False, False,  True])")

# ---- 1.3 layout ---------------------------------------------------------------------------------
case("doc13_3d", "t = torch.arange(24.).view(2, 3, 4)",
     "tensor([[[ 0.,  1.,  2.,  3.],\n         [ 4.,  5.,  6.,  7.],\n         [ 8.,  9., 10., 11.]],\n\n"
     "        [[12., 13., 14., 15.],\n         [16., 17., 18., 19.],\n         [20., 21., 22., 23.]]])")
case("doc13_4d", "t = torch.tensor([[[[0.5988, -1.5551], [-0.3414, 1.8530]], [[0.4681, -0.1577], [1.4437, 0.2660]]],"
     " [[[1.3894, 1.5863], [0.9463, -0.8437]], [[0.9318, 1.2590], [2.0050, 0.0537]]]])",
     "tensor([[[[ 0.5988, -1.5551],\n          [-0.3414,  1.8530]],\n\n         [[ 0.4681, -0.1577],\n"
     "          [ 1.4437,  0.2660]]],\n\n\n        [[[ 1.3894,  1.5863],\n          [ 0.9463, -0.8437]],\n\n"
     "         [[ 0.9318,  1.2590],\n          [ 2.0050,  0.0537]]]])")
case("doc13_wrap14", "t = torch.arange(30.)",
     "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n"
     "        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n        28., 29.])")
case("doc13_wrap8", "t = torch.tensor([[0.2734, -0.9181, -0.0404, 0.2881, -0.0075, -0.9145, -1.0886, -0.2666, 0.1894, -0.2190]])",
     "tensor([[ 0.2734, -0.9181, -0.0404,  0.2881, -0.0075, -0.9145, -1.0886, -0.2666,\n          0.1894, -0.2190]])")
case("doc13_wrap7", "t = torch.tensor([[[1.6459, -1.3602, 0.3446, 0.5199, -2.6133, -1.6965, -0.2282, 0.2800, 0.2469, 0.0769]],"
     " [[0.3380, 0.4544, 0.4569, -0.8654, 0.6080, -0.7300, -0.8834, -0.4189, -0.8048, 0.5656]],"
     " [[0.6104, 0.4669, -0.7548, 0.2443, -0.0773, 0.1164, -0.5940, -1.2439, -0.1021, -1.0335]]])",
     "tensor([[[ 1.6459, -1.3602,  0.3446,  0.5199, -2.6133, -1.6965, -0.2282,\n           0.2800,  0.2469,  0.0769]],\n\n"
     "        [[ 0.3380,  0.4544,  0.4569, -0.8654,  0.6080, -0.7300, -0.8834,\n          -0.4189, -0.8048,  0.5656]],\n\n"
     "        [[ 0.6104,  0.4669, -0.7548,  0.2443, -0.0773,  0.1164, -0.5940,\n          -1.2439, -0.1021, -1.0335]]])")

# ---- 1.4 summarisation --------------------------------------------------------------------------
case("doc14_int1001", "t = torch.arange(1001)", "tensor([   0,    1,    2,  ...,  998,  999, 1000])")
case("doc14_float1001", "t = torch.arange(1001.)", "tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])")
case("doc14_randn40x40", "torch.manual_seed(0); t = torch.randn(40, 40)",
     "tensor([[-1.1258, -1.1524, -0.2506,  ...,  0.1124,  0.6408,  0.4412],\n"
     "        [-0.1023,  0.7924, -0.2897,  ...,  1.1149, -0.1407,  0.8058],\n"
     "        [-0.0933,  0.6871, -0.8383,  ...,  0.3492, -0.9215, -0.0562],\n        ...,\n"
     "        [-0.4130, -1.8310, -0.0338,  ..., -0.1055,  0.2775,  1.0479],\n"
     "        [-1.8560, -0.7325,  0.8716,  ...,  0.0858, -0.4457,  0.3580],\n"
     "        [-1.8706, -0.8552,  1.0684,  ...,  0.2343, -1.6312,  1.3001]])")
case("doc14_ones1001x1x1", "t = torch.ones(1001, 1, 1)",
     "tensor([[[1.]],\n\n        [[1.]],\n\n        [[1.]],\n\n        ...,\n\n        [[1.]],\n\n        [[1.]],\n\n        [[1.]]])")
case("doc14_ones2x2x501", "t = torch.ones(2, 2, 501)",
     "tensor([[[1., 1., 1.,  ..., 1., 1., 1.],\n         [1., 1., 1.,  ..., 1., 1., 1.]],\n\n"
     "        [[1., 1., 1.,  ..., 1., 1., 1.],\n         [1., 1., 1.,  ..., 1., 1., 1.]]])")
case("doc14_sciWrapped",
     "t = torch.zeros(2, 1001); t[0, :3] = torch.tensor([1.9373e-06, -8.6793e-06, -5.2571e-06]);"
     " t[0, -3:] = torch.tensor([5.1303e-06, 1.6624e-06, -5.7645e-06]);"
     " t[1, :3] = torch.tensor([8.3561e-06, 1.3859e-05, 5.1665e-07]);"
     " t[1, -3:] = torch.tensor([1.1749e-05, 1.4444e-05, -6.3307e-06])",
     "tensor([[ 1.9373e-06, -8.6793e-06, -5.2571e-06,  ...,  5.1303e-06,\n          1.6624e-06, -5.7645e-06],\n"
     "        [ 8.3561e-06,  1.3859e-05,  5.1665e-07,  ...,  1.1749e-05,\n          1.4444e-05, -6.3307e-06]])")
case("doc14_hiddenExtreme", "t = torch.ones(1001); t[500] = 123456.", "tensor([1., 1., 1.,  ..., 1., 1., 1.])")
case("doc14_edgeDecides", "t = torch.ones(1001); t[500] = 123456.; t[0] = 1.5",
     "tensor([1.5000, 1.0000, 1.0000,  ..., 1.0000, 1.0000, 1.0000])")

# ---- 1.5 0-d and empty --------------------------------------------------------------------------
case("doc15_scalar", "t = torch.tensor(3.14159)", "tensor(3.1416)")
case("doc15_scalarInt", "t = torch.tensor(2.)", "tensor(2.)")
case("doc15_scalarInt64", "t = torch.tensor(5)", "tensor(5)")
case("doc15_scalarBool", "t = torch.tensor(True)", "tensor(True)")
case("doc15_scalarSci", "t = torch.tensor(1e-7)", "tensor(1.0000e-07)")
case("doc15_sum", "t = torch.tensor([1.5, 2.5]).sum()", "tensor(4.)")
case("doc15_scalarRequiresGrad", "t = torch.tensor(0.5, requires_grad=True)", "tensor(0.5000, requires_grad=True)")
case("doc15_empty", "t = torch.tensor([])", "tensor([])")
case("doc15_empty0x3", "t = torch.empty(0, 3)", "tensor([], size=(0, 3))")
case("doc15_emptyInt64", "t = torch.tensor([], dtype=torch.int64)", "tensor([], dtype=torch.int64)")
case("doc15_emptyRequiresGrad", "t = torch.empty(0, requires_grad=True)", "tensor([], requires_grad=True)")

# ---- 1.6 suffixes -------------------------------------------------------------------------------
case("doc16_gradFn", "x = torch.tensor([1., 2.], requires_grad=True); t = x * 2", "tensor([2., 4.], grad_fn=<MulBackward0>)")
case("doc16_gradFnScalar", "x = torch.tensor([1., 2.], requires_grad=True); t = (x * 2).sum()", "tensor(6., grad_fn=<SumBackward0>)")
case("doc16_fits", "t = torch.tensor([-1.5055, -0.6610, 1.3232, 0.0371, -0.2849], requires_grad=True)",
     "tensor([-1.5055, -0.6610,  1.3232,  0.0371, -0.2849], requires_grad=True)")
case("doc16_wraps", "t = torch.tensor([0.0627, -0.7663, 1.0993, 2.7565, 0.1753, -0.9315], requires_grad=True)",
     "tensor([ 0.0627, -0.7663,  1.0993,  2.7565,  0.1753, -0.9315],\n       requires_grad=True)")
case("doc16_wrapsGradFn", "t = torch.tensor([0.1820, -0.8567, 1.1006, -1.0712, 0.1227, -0.5663, 0.3731], requires_grad=True) * 1",
     "tensor([ 0.1820, -0.8567,  1.1006, -1.0712,  0.1227, -0.5663,  0.3731],\n       grad_fn=<MulBackward0>)")
case("doc16_matrix", "t = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)",
     "tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)")

# ---- 1.7 parameters (the tensor part; "Parameter containing:" is the caller's) ------------------
case("doc17_parameter", "t = torch.nn.Parameter(torch.tensor([1., 2.]))", "tensor([1., 2.], requires_grad=True)")
case("doc17_parameterNoGrad", "t = torch.nn.Parameter(torch.ones(2), requires_grad=False)", "tensor([1., 1.])")
case("doc17_parameterOp", "t = torch.nn.Parameter(torch.ones(2, 2)) * 1",
     "tensor([[1., 1.],\n        [1., 1.]], grad_fn=<MulBackward0>)")
case("doc17_bias", "t = torch.nn.Parameter(torch.tensor([0.2235, -0.1963, 0.0621, -0.2584, -0.2310, -0.1722]))",
     "tensor([ 0.2235, -0.1963,  0.0621, -0.2584, -0.2310, -0.1722],\n       requires_grad=True)")

# ---- 1.8 containers show plain reprs ------------------------------------------------------------
case("doc18_inList", "t = torch.tensor([1., 2.])", "tensor([1., 2.])")
case("doc18_scalarInList", "t = torch.tensor(3)", "tensor(3)")
case("doc18_inTuple", "t = torch.arange(4.).view(2, 2)", "tensor([[0., 1.],\n        [2., 3.]])")
case("doc18_inDict", "t = torch.tensor([1.5])", "tensor([1.5000])")

# ---- 1.9 set_printoptions -----------------------------------------------------------------------
case("doc19_precision2", "t = torch.tensor([1.12345, 2.5])", "tensor([1.12, 2.50])", precision=2)
case("doc19_sciOff", "t = torch.tensor([1e-5, 1.])", "tensor([0.00, 1.00])", precision=2, sci_mode=False)
case("doc19_threshold5", "t = torch.arange(10)", "tensor([0, 1, 2,  ..., 7, 8, 9])", threshold=5)
case("doc19_defaultAgain", "t = torch.tensor([1.12345])", "tensor([1.1235])")

# ---- own edge cases (expected text from PyTorch only) ------------------------------------------
case("edge_edgeitems0_1d", "t = torch.arange(10.)", edgeitems=0, threshold=5)
case("edge_edgeitems0_2d", "t = torch.arange(10.).view(2, 5)", edgeitems=0, threshold=5)
case("edge_edgeitems0_full", "t = torch.arange(10.).view(2, 5)", edgeitems=0)
case("edge_edgeitems0_scalar", "t = torch.tensor(2.5)", edgeitems=0)
case("edge_sciForcedZeros", "t = torch.zeros(3)", sci_mode=True)
case("edge_sciForcedIntegers", "t = torch.tensor([1., 2.])", sci_mode=True)
case("edge_sciForcedOffLarge", "t = torch.tensor([1e10, 1.5])", sci_mode=False)
case("edge_sciForcedOffIntLarge", "t = torch.tensor([1e20, 1.])", sci_mode=False)
case("edge_precision0", "t = torch.tensor([1.5, 2.])", precision=0)
case("edge_precision0Sci", "t = torch.tensor([1., 2.])", precision=0, sci_mode=True)
case("edge_precision10", "t = torch.tensor([1.25, 2.])", precision=10)
case("edge_linewidth10", "t = torch.arange(10.)", linewidth=10)
case("edge_linewidth200", "t = torch.arange(60.)", linewidth=200)
case("edge_edgeitems1", "t = torch.arange(100.).view(10, 10)", threshold=50, edgeitems=1)
case("edge_edgeitems5", "t = torch.arange(2000)", edgeitems=5)
case("edge_emptyBool", "t = torch.tensor([], dtype=torch.bool)")
case("edge_emptyBool2x0", "t = torch.empty(2, 0, dtype=torch.bool)")
case("edge_empty0x2x3", "t = torch.zeros(0, 2, 3)")
case("edge_empty3x0", "t = torch.zeros(3, 0)")
case("edge_empty0x3RequiresGrad", "t = torch.empty(0, 3, requires_grad=True)")
case("edge_empty0x3RequiresGradNarrow", "t = torch.empty(0, 3, requires_grad=True)", linewidth=20)
case("edge_emptyInt0x3", "t = torch.zeros(0, 3, dtype=torch.int64)")
case("edge_nanScalar", "t = torch.tensor(float('nan'))")
case("edge_negInfScalar", "t = torch.tensor(float('-inf'))")
case("edge_nanFixed", "t = torch.tensor([float('nan'), -1.5])")
case("edge_negatedNan", "t = torch.tensor([float('nan')]) * -1")
case("edge_allNonFinite", "t = torch.tensor([float('nan'), float('inf'), -float('inf')])")
case("edge_largeInf", "t = torch.tensor([1e20, float('inf')])")
case("edge_floatMax", "t = torch.tensor([3.4e38, -3.4e38])")
case("edge_subnormalSci", "t = torch.tensor([1e-40, 1.])")
case("edge_negZeroSci", "t = torch.tensor([-0., 1e-5])")
case("edge_roundHalfEven", "t = torch.tensor([0.5, 2.5, 1.5, -0.5]).round()")
case("edge_smallSci", "t = torch.tensor([0.00015, 0.25])")
case("edge_roundsToSci", "t = torch.tensor([99999.99, 1.])")
case("edge_nearly1e8", "t = torch.tensor([9.99999e7, 1.5])")
case("edge_roundUpWidens", "t = torch.tensor([9.99996, 1.])")
case("edge_halfEvenFixed", "t = torch.tensor([0.00005, 0.00015, 0.5])", sci_mode=False)
case("edge_boolWrap", "t = torch.tensor([True] * 20)")
case("edge_boolScalarFalse", "t = torch.tensor(False)")
case("edge_boolSummarised", "t = torch.arange(2000) % 3 == 0")
case("edge_int64Wide", "t = torch.arange(-1000000000000, -999999999970)")
case("edge_int64Extremes", "t = torch.tensor([-9223372036854775808, 9223372036854775807, 0])")
case("edge_int64Summarised2d", "t = torch.arange(2000).view(40, 50) * 1000")
case("edge_int64HiddenWide", "t = torch.zeros(2000, dtype=torch.int64); t[1000] = 123456789")
case("edge_suffixNarrow", "t = torch.ones(7, requires_grad=True)", linewidth=40)
case("edge_3dRowsSummarised", "t = torch.ones(2, 3, 1001)")
case("edge_4dSummarised", "t = torch.arange(1296.).view(6, 6, 6, 6)", threshold=100, edgeitems=2)
case("edge_5dSmall", "t = torch.arange(32).view(2, 2, 2, 2, 2)")
case("edge_colsOnlyCut", "t = torch.arange(1010.).view(2, 505)")
case("edge_rowsOnlyCut", "t = torch.arange(2002.).view(1001, 2)")
case("edge_exactThreshold", "t = torch.arange(1000.)", swift="{ Float($0) }")
case("edge_tenMillion", "t = torch.arange(10000000.)", swift="{ Float($0) }")
case("edge_oneElement2d", "t = torch.tensor([[7.25]], requires_grad=True) * 2")
case("edge_mixedSigns", "t = torch.tensor([-0.0001, 1000.])")
case("edge_intModeBig", "t = torch.tensor([123456789., 1.])", sci_mode=False)
case("edge_precision6", "t = torch.tensor([3.14159265, -2.718281828])", precision=6)
case("edge_sciPrecision2", "t = torch.tensor([1e-8, 2.5e10])", precision=2)
case("edge_nanIntMode", "t = torch.tensor([float('nan'), 1., -2.])")
case("edge_wideSuffixWrap", "t = torch.arange(9.) * torch.tensor(1., requires_grad=True)")
case("edge_linewidth0", "t = torch.arange(4.).view(2, 2)", linewidth=0, edgeitems=3)
case("edge_thresholdZero", "t = torch.arange(3.)", threshold=0)
case("edge_scalarThresholdZero", "t = torch.tensor(1.5)", threshold=0)

PREAMBLE = '''// Generated by scripts/golden/printing_cases.py from PyTorch {version}; do not edit by hand.
// Each test names the Python code that built the tensor and the print options; the expected text is
// what real PyTorch printed. Tests named doc1x_* are the examples of docs/pytorch-behaviour.md 1.2-1.9.
import XCTest
@testable import Engine

final class PrintingTests: XCTestCase {{
    /// Options as `torch.set_printoptions(**kwargs)` after `profile='default'`.
    private func options(precision: Int = 4, threshold: Int = 1000, edgeitems: Int = 3, linewidth: Int = 80,
                         sciMode: Bool? = nil) -> PrintOptions {{
        var o = PrintOptions()
        o.precision = precision
        o.threshold = threshold
        o.edgeitems = edgeitems
        o.linewidth = linewidth
        o.sciMode = sciMode
        return o
    }}

    /// Element reader over all elements.
    private func dense<T>(_ values: [T]) -> (Int) -> T {{ {{ values[$0] }} }}

    /// Element reader that fails the test when an element that is not printed is read.
    private func onlyPrinted<T>(_ values: [Int: T], _ fallback: T) -> (Int) -> T {{
        {{ index in
            guard let v = values[index] else {{
                XCTFail("read element \\(index), which is not printed")
                return fallback
            }}
            return v
        }}
    }}

    private func check(_ shape: [Int], _ elements: PrintableElements, grad: String?, _ options: PrintOptions,
                       _ expected: String, file: StaticString = #filePath, line: UInt = #line) {{
        XCTAssertEqual(formatTensor(shape: shape, elements: elements, gradSuffix: grad, options: options),
                       expected, file: file, line: line)
    }}

    // Hand-written: a summarised 10-million-element tensor reads only its 6 printed elements.
    func testSummarisedTensorReadsOnlyEdgeItems() {{
        var reads = 0
        let text = formatTensor(shape: [10_000_000], elements: .float32({{ reads += 1; return Float($0) }}),
                                gradSuffix: nil, options: PrintOptions())
        XCTAssertEqual(reads, 6)
        XCTAssertEqual(text, "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.0000e+07, 1.0000e+07,\\n        1.0000e+07])")
    }}

    // Hand-written: the default argument is the global PrintOptions.current.
    func testUsesCurrentOptions() {{
        let saved = PrintOptions.current
        defer {{ PrintOptions.current = saved }}
        PrintOptions.current.precision = 2
        XCTAssertEqual(formatTensor(shape: [2], elements: .float32({{ [1.12345, 2.5][$0] }}), gradSuffix: nil),
                       "tensor([1.12, 2.50])")
        PrintOptions.current = PrintOptions()
        XCTAssertEqual(formatTensor(shape: [1], elements: .float32({{ _ in 1.12345 }}), gradSuffix: nil),
                       "tensor([1.1235])")
    }}

    // Hand-written: an element-free body never calls the reader.
    func testEmptyTensorReadsNothing() {{
        let text = formatTensor(shape: [0, 3], elements: .int64({{ _ in XCTFail("read"); return 0 }}),
                                gradSuffix: nil, options: PrintOptions())
        XCTAssertEqual(text, "tensor([], size=(0, 3), dtype=torch.int64)")
    }}
'''


def swift_string(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n') + '"'


def swift_float(v):
    if math.isnan(v):
        return "Float.nan"
    if math.isinf(v):
        return "Float.infinity" if v > 0 else "-Float.infinity"
    if v != 0 and abs(v) < 1.1754943508222875e-38:
        # Subnormal literals draw an underflow warning from swiftc; spell out the bits instead.
        return "Float(bitPattern: 0x%08x)" % struct.unpack("<I", struct.pack("<f", v))[0]
    return repr(float(v))


def printed_indices(shape, opts):
    """Flat indices of the elements PyTorch prints (and reads for its formatter), in print order."""
    numel = math.prod(shape)
    threshold = opts.get("threshold", 1000)
    edge = opts.get("edgeitems", 3)
    summarize = numel > threshold
    if summarize and edge == 0 and len(shape) > 0:
        return []
    offsets = [0]
    strides = [1] * len(shape)
    for d in range(len(shape) - 2, -1, -1):
        strides[d] = strides[d + 1] * shape[d + 1]
    for d, n in enumerate(shape):
        idx = list(range(edge)) + list(range(n - edge, n)) if summarize and n > 2 * edge else list(range(n))
        offsets = [b + i * strides[d] for b in offsets for i in idx]
    return offsets


def main():
    out = [PREAMBLE.format(version=torch.__version__)]
    names = set()
    for name, code, opts, doc, swift in CASES:
        assert name not in names, name
        names.add(name)
        torch.set_printoptions(profile="default")
        torch.manual_seed(0)
        env = {"torch": torch}
        exec(code, env)
        t = env["t"]
        if opts:
            torch.set_printoptions(**opts)
        text = repr(t)
        torch.set_printoptions(profile="default")
        # nn.Parameter's first line is added by the caller; formatTensor prints the tensor part.
        text = text.removeprefix("Parameter containing:\n")
        if doc is not None and text != doc:
            raise SystemExit(f"{name}: PyTorch printed {text!r}, the doc says {doc!r}")
        shape = list(t.shape)
        flat = t.detach().reshape(-1)
        if t.grad_fn is not None:
            grad = swift_string(f"grad_fn=<{type(t.grad_fn).__name__}>")
        elif t.requires_grad:
            grad = swift_string("requires_grad=True")
        else:
            grad = "nil"
        if t.dtype == torch.float32:
            kind, ty, conv, fallback = "float32", "Float", swift_float, "0"
        elif t.dtype == torch.int64:
            kind, ty, conv, fallback = "int64", "Int64", str, "0"
        elif t.dtype == torch.bool:
            kind, ty, conv, fallback = "bool", "Bool", lambda b: "true" if b else "false", "false"
        else:
            raise SystemExit(f"{name}: unsupported dtype {t.dtype}")
        if swift is not None:
            reader = swift
            data = None
        elif t.numel() <= 64:
            data = f"let values: [{ty}] = [" + ", ".join(conv(v) for v in flat.tolist()) + "]"
            reader = "dense(values)"
        else:
            items = flat.tolist()
            pairs = [f"{i}: {conv(items[i])}" for i in printed_indices(shape, opts)]
            data = f"let values: [Int: {ty}] = [" + (", ".join(pairs) if pairs else ":") + "]"
            reader = f"onlyPrinted(values, {fallback})"
        args = ", ".join(f"{k}: {swift_opt(v)}" for k, v in [
            ("precision", opts.get("precision")), ("threshold", opts.get("threshold")),
            ("edgeitems", opts.get("edgeitems")), ("linewidth", opts.get("linewidth")),
            ("sciMode", opts.get("sci_mode"))] if v is not None)
        out.append("")
        out.append(f"    // {code}")
        if opts:
            out.append(f"    // torch.set_printoptions({', '.join(f'{k}={v!r}' for k, v in opts.items())})")
        out.append(f"    func test_{name}() {{")
        if data:
            out.append(f"        {data}")
        out.append(f"        check({shape}, .{kind}({reader}), grad: {grad}, options({args}),")
        out.append(f"              {swift_string(text)})")
        out.append("    }")
    out.append("}")
    print("\n".join(out))


def swift_opt(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if v == math.inf:
        return "Int.max"
    return str(v)


if __name__ == "__main__":
    main()
