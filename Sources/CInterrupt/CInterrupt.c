#include "CInterrupt.h"
#include <signal.h>
#include <string.h>
#include <stdatomic.h>

// The handler only writes this flag: everything else happens when the evaluator polls it. A
// lock-free atomic, not just `volatile sig_atomic_t`: besides the signal handler, other threads
// set it (the fuzz tests' watchdog, the shell's timers) while the evaluator reads it, which
// ThreadSanitizer reports as a data race for a plain variable. Relaxed order is enough: the flag
// carries no other data.
static atomic_int interrupt_flag = 0;

static void on_sigint(int sig) { (void)sig; atomic_store_explicit(&interrupt_flag, 1, memory_order_relaxed); }

void nn_install_sigint(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; // no SA_RESTART: a blocking read returns EINTR, so libedit sees Ctrl-C
    sigaction(SIGINT, &sa, NULL);
}

int nn_interrupt_pending(void) { return atomic_load_explicit(&interrupt_flag, memory_order_relaxed) != 0; }

int nn_take_interrupt(void) { return atomic_exchange_explicit(&interrupt_flag, 0, memory_order_relaxed) != 0; }

void nn_request_interrupt(void) { atomic_store_explicit(&interrupt_flag, 1, memory_order_relaxed); }
