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
        // The Ctrl-C flag: set by a signal handler, polled by the evaluator and by long kernels.
        .target(name: "CInterrupt", path: "Sources/CInterrupt"),
        // Stack depth left and resident memory: the evaluator's RecursionError and memory cap.
        .target(name: "CLimits", path: "Sources/CLimits"),
        // glibc allocator tuning for the executable (tensor-sized blocks stay on the heap).
        .target(name: "CAllocator", path: "Sources/CAllocator"),
        // Fixed-signature wrappers for libedit's variadic calls (Swift cannot call them).
        .target(name: "CLineEdit", dependencies: ["CLibEdit"], path: "Sources/CLineEdit"),
        .target(name: "Engine", dependencies: ["CBLAS", "CInterrupt", "CLimits"]),
        .target(name: "NN", dependencies: ["Engine"]),
        .target(name: "Interpreter", dependencies: ["Engine", "NN"]),
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
