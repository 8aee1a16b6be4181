#include "CInterrupt.h"
#include <signal.h>
#include <string.h>

// The handler only writes this flag: everything else happens when the evaluator polls it.
static volatile sig_atomic_t interrupt_flag = 0;

static void on_sigint(int sig) { (void)sig; interrupt_flag = 1; }

void nn_install_sigint(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; // no SA_RESTART: a blocking read returns EINTR, so libedit sees Ctrl-C
    sigaction(SIGINT, &sa, NULL);
}

int nn_interrupt_pending(void) { return interrupt_flag != 0; }

int nn_take_interrupt(void) { int was = interrupt_flag != 0; interrupt_flag = 0; return was; }

void nn_request_interrupt(void) { interrupt_flag = 1; }
