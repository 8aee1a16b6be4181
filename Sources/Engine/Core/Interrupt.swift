import CInterrupt

/// Raises KeyboardInterrupt when Ctrl-C was pressed; evaluator loops and long kernels call it
/// between chunks of work, so a stuck computation can always be stopped.
@inline(__always)
public func checkInterrupt() throws {
    if nn_interrupt_pending() != 0 {
        _ = nn_take_interrupt()
        throw TorchError(.keyboardInterrupt, "")
    }
}
