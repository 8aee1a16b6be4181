// wcwidth is declared only for X/Open (and GNU) builds.
#define _GNU_SOURCE
#include "CLineEdit.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

// Per-editor state behind EL_CLIENTDATA: the prompt function has no other way to find its text.
struct le_state {
    char *prompt;
    void *client;
    FILE *out;
};

static struct le_state *state_of(EditLine *el) {
    struct le_state *s = NULL;
    if (el_get(el, EL_CLIENTDATA, &s) != 0) return NULL;
    return s;
}

static char *prompt_fn(EditLine *el) {
    static char empty[] = "";
    struct le_state *s = state_of(el);
    return (s && s->prompt) ? s->prompt : empty;
}

EditLine *le_open(const char *progname, int draw_on_stderr) {
    struct le_state *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->out = draw_on_stderr ? stderr : stdout;
    EditLine *el = el_init(progname, stdin, s->out, stderr);
    if (!el) { free(s); return NULL; }
    el_set(el, EL_CLIENTDATA, s);
    el_set(el, EL_EDITOR, "emacs");
    // Signal handling on: libedit restores the terminal on SIGINT/SIGTSTP and follows resizes.
    el_set(el, EL_SIGNAL, 1);
    // '\1' brackets invisible sequences (colour codes) so they do not count in the prompt width.
    el_set(el, EL_PROMPT_ESC, prompt_fn, '\1');
    // Keep CR and LF apart while editing: the terminal's ICRNL (CR->LF) plus libedit's INLCR
    // (LF->CR) turn a pasted CRLF into two line breaks before the paste reader sees it.
    // Enter still works: both CR and LF are bound to ed-newline.
    el_set(el, EL_SETTY, "-d", "-icrnl", "-inlcr", NULL);
    return el;
}

int le_is_vi_mode(EditLine *el) {
    const char *mode = NULL;
    return el_get(el, EL_EDITOR, &mode) == 0 && mode && strcmp(mode, "vi") == 0;
}

void le_close(EditLine *el) {
    if (!el) return;
    struct le_state *s = state_of(el);
    el_end(el);
    if (s) { free(s->prompt); free(s); }
}

void le_set_prompt(EditLine *el, const char *prompt) {
    struct le_state *s = state_of(el);
    if (!s) return;
    char *copy = strdup(prompt ? prompt : "");
    if (!copy) return;
    free(s->prompt);
    s->prompt = copy;
}

int le_add_command(EditLine *el, const char *name, const char *help, le_command_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}

int le_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, NULL); // the argument list must end with NULL
}

void le_set_clientdata(EditLine *el, void *data) {
    struct le_state *s = state_of(el);
    if (s) s->client = data;
}

void *le_get_clientdata(EditLine *el) {
    struct le_state *s = state_of(el);
    return s ? s->client : NULL;
}

FILE *le_output(EditLine *el) {
    struct le_state *s = state_of(el);
    return s ? s->out : stdout;
}

int le_terminal_width(EditLine *el) {
    int cols = 0;
    if (el_get(el, EL_GETTC, "co", &cols) == 0 && cols > 0) return cols;
    return 80;
}

int le_terminal_height(EditLine *el) {
    int lines = 0;
    if (el_get(el, EL_GETTC, "li", &lines) == 0 && lines > 0) return lines;
    return 24;
}

int le_char_width(unsigned int codepoint) {
    int w = wcwidth((wchar_t)codepoint);
    return w < 0 ? 1 : w;
}

FILE *le_stdout(void) { return stdout; }
FILE *le_stderr(void) { return stderr; }

History *le_history_open(int size) {
    History *h = history_init();
    if (!h) return NULL;
    HistEvent ev;
    history(h, &ev, H_SETSIZE, size);
    history(h, &ev, H_SETUNIQUE, 1);
    return h;
}

void le_history_close(History *h) { if (h) history_end(h); }

int le_history_attach(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }

int le_history_add(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}

int le_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}

int le_history_save(History *h, const char *path) {
    // H_SAVE truncates the file and rewrites it in place: a SIGHUP in between (terminal window
    // closed) leaves it empty. Writing a temporary file and renaming it over is atomic.
    size_t len = strlen(path) + 32;
    char *tmp = malloc(len);
    if (!tmp) return -1;
    snprintf(tmp, len, "%s.tmp%ld", path, (long)getpid());

    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);

    int written = -1, err = 0;
    FILE *fp = fopen(tmp, "w");
    if (!fp) {
        err = errno;
    } else {
        fchmod(fileno(fp), 0600); // history may hold secrets typed at the prompt
        HistEvent ev;
        written = history(h, &ev, H_SAVE_FP, fp);
        // H_SAVE_FP does not notice a full disk: check the stream before trusting the file.
        if (fflush(fp) != 0 || ferror(fp)) { err = errno; written = -1; }
        if (fclose(fp) != 0 && written >= 0) { err = errno; written = -1; }
        if (written >= 0 && rename(tmp, path) != 0) { err = errno; written = -1; }
        if (written < 0) unlink(tmp);
        else err = 0;
    }

    pthread_sigmask(SIG_SETMASK, &old, NULL);
    free(tmp);
    if (written < 0 && err) errno = err;
    return written;
}

const char *le_history_walk(History *h, int from_oldest) {
    // libedit calls the newest entry "first": H_LAST is the oldest, H_PREV moves to a newer one.
    HistEvent ev;
    if (history(h, &ev, from_oldest ? H_LAST : H_PREV) == -1) return NULL;
    return ev.str;
}

void le_bracketed_paste_mode(EditLine *el, int on) {
    FILE *out = le_output(el);
    fputs(on ? "\033[?2004h" : "\033[?2004l", out);
    fflush(out);
}

// Growable UTF-8 buffer for the paste reader.
struct text { char *data; size_t len, cap; };

static int text_reserve(struct text *t, size_t more) {
    if (t->len + more + 1 <= t->cap) return 1;
    size_t cap = t->cap ? t->cap : 256;
    while (cap < t->len + more + 1) cap *= 2;
    char *d = realloc(t->data, cap);
    if (!d) return 0;
    t->data = d;
    t->cap = cap;
    return 1;
}

static void text_put(struct text *t, wchar_t wc) {
    char mb[MB_LEN_MAX];
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t n = wcrtomb(mb, wc, &st);
    if (n == (size_t)-1 || !text_reserve(t, n)) return;
    memcpy(t->data + t->len, mb, n);
    t->len += n;
    t->data[t->len] = '\0';
}

char *le_read_bracketed_paste(EditLine *el) {
    // Read through el_wgetc: el_getc narrows wide characters to one byte.
    static const wchar_t end[] = L"\033[201~";
    const size_t endlen = 6;
    struct text t = { NULL, 0, 0 };
    if (!text_reserve(&t, 0)) return NULL;
    t.data[0] = '\0';
    size_t matched = 0;
    int after_cr = 0;
    for (;;) {
        wchar_t wc;
        if (el_wgetc(el, &wc) != 1) break; // EOF or error: keep what arrived
        if (wc == end[matched]) {
            if (++matched == endlen) break;
            continue;
        }
        // A partial end marker was ordinary text after all; its ESC is dropped below.
        for (size_t i = 1; i < matched; i++) text_put(&t, end[i]);
        matched = (wc == end[0]) ? 1 : 0;
        if (matched) continue;
        if (wc == L'\r') {
            // Terminals send line breaks as CR; some pastes carry CRLF. Both mean one newline.
            text_put(&t, L'\n');
            after_cr = 1;
            continue;
        }
        if (wc == L'\n' && after_cr) { after_cr = 0; continue; }
        after_cr = 0;
        // Other control characters (C0, DEL, C1) would corrupt the display of the line.
        int control = (wc < 0x20 && wc != L'\n' && wc != L'\t') || (wc >= 0x7f && wc < 0xa0);
        if (!control) text_put(&t, wc);
    }
    return t.data;
}

void le_free(void *p) { free(p); }
