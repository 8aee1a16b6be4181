// swift-tools-version:6.0
import PackageDescription

// Layers: Engine ← NN ← Interpreter ← Shell ← nnrepl. Each target imports only the ones below it.
let package = Package(
    name: "nnrepl",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nnrepl", targets: ["nnrepl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibEdit",
            path: "Sources/CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
        ),
        .systemLibrary(
            name: "CBLAS",
            path: "Sources/CBLAS",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]
        ),
        // oneDNN (Debian's libdnnl-dev, the library PyTorch uses for CPU convolution): C API only.
        .systemLibrary(
            name: "CDNNL",
            path: "Sources/CDNNL",
            providers: [.apt(["libdnnl-dev"])]
        ),
        // Convolution (and pooling) through oneDNN: primitive cache, layouts, reorders, threads.
        .target(name: "COneDNN", dependencies: ["CDNNL"], path: "Sources/COneDNN"),
        // Max pooling kernels (vector selects, per instruction set).
        .target(name: "CPooling", path: "Sources/CPooling"),
        // libzip: the zip container of torch.save / torch.load files.
        .systemLibrary(
            name: "CZip",
            path: "Sources/CZip",
            pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"]), .brew(["libzip"])]
        ),
        // zlib: the gzip-compressed data files (scikit-learn's digits).
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // The Ctrl-C flag: set by a signal handler, polled by the evaluator and by long kernels.
        .target(name: "CInterrupt", path: "Sources/CInterrupt"),
        // Stack depth left and resident memory: the evaluator's RecursionError and memory cap.
        .target(name: "CLimits", path: "Sources/CLimits"),
        // The caching allocator for tensor storage, and glibc tuning for the executable.
        .target(name: "CAllocator", path: "Sources/CAllocator"),
        // Fixed-signature wrappers for libedit's variadic calls (Swift cannot call them).
        .target(name: "CLineEdit", dependencies: ["CLibEdit"], path: "Sources/CLineEdit"),
        // Float32 kernels in ATen's order with PyTorch's libraries (MKL loaded at run time, SLEEF,
        // glibc libm), one instance per instruction set, chosen at run time (docs/numerics.md).
        // The AVX2 and AVX-512 instances are separate targets because clang passes vector
        // arguments (to SLEEF) in registers only when the whole file is compiled for the ISA.
        .target(
            name: "CKernelsAVX2",
            path: "Sources/CKernelsAVX2",
            cSettings: [.headerSearchPath("../CKernels/kern"), .unsafeFlags(["-mavx2", "-mfma", "-ffp-contract=off"])]
        ),
        .target(
            name: "CKernelsAVX512",
            path: "Sources/CKernelsAVX512",
            cSettings: [.headerSearchPath("../CKernels/kern"),
                        .unsafeFlags(["-mavx512f", "-mavx512dq", "-mavx512bw", "-mavx512vl", "-mavx2", "-mfma", "-ffp-contract=off"])]
        ),
        .target(
            name: "CKernels",
            dependencies: ["CKernelsAVX2", "CKernelsAVX512"],
            path: "Sources/CKernels",
            exclude: ["kern"],
            cSettings: [
                .headerSearchPath("kern"),
                .define("NNREPL_MKL_DEFAULT_DIR", to: "\"\(Context.packageDirectory)/.deps/mkl/lib\""),
                .unsafeFlags(["-ffp-contract=off"]),
            ],
            linkerSettings: [.linkedLibrary("sleef"), .linkedLibrary("openblas"), .linkedLibrary("m"), .linkedLibrary("dl")]
        ),
        // numpy's float64 matrix product in the summation order of numpy's bundled OpenBLAS.
        .target(name: "CNumpyBLAS", path: "Sources/CNumpyBLAS"),
        // numpy's float transcendental functions on AVX-512 machines: Intel SVML, loaded at run time
        // from .deps/svml (scripts/setup); compiled for AVX-512, called only after the CPU check.
        .target(
            name: "CNumpySVML",
            path: "Sources/CNumpySVML",
            cSettings: [
                .define("NNREPL_SVML_DEFAULT_DIR", to: "\"\(Context.packageDirectory)/.deps/svml/lib\""),
                .unsafeFlags(["-mavx512f"]),
            ],
            linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("m")]
        ),
        .target(name: "Engine", dependencies: ["CBLAS", "COneDNN", "CPooling", "CInterrupt", "CAllocator", "CKernels", "CLimits"]),
        .target(name: "NN", dependencies: ["Engine", "CZip"]),
        .target(name: "Interpreter", dependencies: ["Engine", "NN", "CZlib", "CBLAS", "CNumpyBLAS", "CNumpySVML"]),
        // help() texts as data, one file per family (Sources/Help/texts/*.txt).
        .target(name: "Help", resources: [.copy("texts")]),
        .target(name: "Shell", dependencies: ["Interpreter", "Help", "CLineEdit", "CInterrupt"]),
        .executableTarget(
            name: "nnrepl",
            dependencies: ["Shell", "CAllocator", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "EngineTests", dependencies: ["Engine"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NNTests", dependencies: ["NN"], resources: [.copy("Fixtures")]),
        .testTarget(name: "InterpreterTests", dependencies: ["Interpreter", "NN", "Engine", "CInterrupt"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "Help", "Interpreter", "Engine"], exclude: ["tmux"]),
    ],
    swiftLanguageModes: [.v5]
)
