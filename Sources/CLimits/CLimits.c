#define _GNU_SOURCE
#include "CLimits.h"
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#if defined(__linux__)
#include <fcntl.h>
#elif defined(__APPLE__)
#include <mach/mach.h>
#endif

// The lowest usable address of this thread's stack, found once per thread (stacks grow down on
// every platform nnrepl runs on). Swift has no portable way to ask, hence C.
static __thread uintptr_t stack_low = 0;

long nn_stack_remaining(void) {
    // The frame address, not a local's: under AddressSanitizer locals may live on its heap
    // "fake stack", while the frame is always on the thread's real stack.
    char *here = (char *)__builtin_frame_address(0);
    if (stack_low == 0) {
#if defined(__linux__)
        pthread_attr_t attr;
        void *addr = NULL;
        size_t size = 0;
        if (pthread_getattr_np(pthread_self(), &attr) != 0) return LONG_MAX;
        pthread_attr_getstack(&attr, &addr, &size);
        pthread_attr_destroy(&attr);
        stack_low = (uintptr_t)addr;
#elif defined(__APPLE__)
        pthread_t self = pthread_self();
        stack_low = (uintptr_t)pthread_get_stackaddr_np(self) - pthread_get_stacksize_np(self);
#else
        return LONG_MAX;
#endif
        if (stack_low == 0) return LONG_MAX;
    }
    return (long)((uintptr_t)here - stack_low);
}

long nn_resident_bytes(void) {
#if defined(__linux__)
    // /proc/self/statm: "size resident shared ..." in pages. Kept open: the evaluator polls it.
    static int fd = -1;
    if (fd < 0) fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char buf[128];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *p = buf;
    strtol(p, &p, 10);
    long pages = strtol(p, NULL, 10);
    return pages * sysconf(_SC_PAGESIZE);
#elif defined(__APPLE__)
    struct mach_task_basic_info info;
    mach_msg_type_number_t count = MACH_TASK_BASIC_INFO_COUNT;
    if (task_info(mach_task_self(), MACH_TASK_BASIC_INFO, (task_info_t)&info, &count) != KERN_SUCCESS) return -1;
    return (long)info.resident_size;
#else
    return -1;
#endif
}
