#ifndef NNREPL_CINTERRUPT_H
#define NNREPL_CINTERRUPT_H
/// Installs a SIGINT handler (sigaction, no SA_RESTART) that only sets a flag.
void nn_install_sigint(void);
/// 1 when Ctrl-C was pressed since the last nn_take_interrupt; does not clear it.
int nn_interrupt_pending(void);
/// Returns the flag and clears it.
int nn_take_interrupt(void);
/// Sets the flag by hand (tests, timeouts).
void nn_request_interrupt(void);
#endif
