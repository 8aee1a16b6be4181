#ifndef NNREPL_CLINEEDIT_H
#define NNREPL_CLINEEDIT_H
// Fixed-signature wrappers around libedit's variadic calls (el_set, el_get, history), which
// Swift cannot call, plus the two bits that are simplest in C: the prompt buffer libedit reads
// on every redraw, and the bracketed-paste reader. Everything non-variadic (el_gets, el_push,
// el_line, el_insertstr, el_deletestr, el_source, ...) is called from Swift directly.
#include <stdio.h>
#include <histedit.h>

/// A command bound to a key (EL_ADDFN): returns one of the CC_* codes.
typedef unsigned char (*le_command_fn)(EditLine *el, int ch);

/// el_init on stdin, drawing on stdout (or on stderr when `draw_on_stderr`), in emacs mode,
/// with signal handling on, a prompt (escape char '\1') read from le_set_prompt's copy, and
/// CR/LF translation off while editing (so the paste reader can collapse CRLF).
EditLine *le_open(const char *progname, int draw_on_stderr);
/// 1 when the editor is in vi mode (e.g. `bind -v` in ~/.editrc), else 0.
int le_is_vi_mode(EditLine *el);
/// el_end, and frees the wrapper state.
void le_close(EditLine *el);
/// Copies `prompt`; libedit asks for it again on every redraw, so the copy must outlive the call.
void le_set_prompt(EditLine *el, const char *prompt);
/// EL_ADDFN: registers `fn` as a named editor command.
int le_add_command(EditLine *el, const char *name, const char *help, le_command_fn fn);
/// EL_BIND key command: `key` in bind(1) notation ("^I", "\\e[A").
int le_bind(EditLine *el, const char *key, const char *command);
/// Opaque pointer for callbacks (the Swift editor object); not retained.
void le_set_clientdata(EditLine *el, void *data);
void *le_get_clientdata(EditLine *el);
/// The stream the editor draws on (stdout or stderr), for completion listings.
FILE *le_output(EditLine *el);
/// Terminal width in columns as libedit currently knows it (80 if unknown).
int le_terminal_width(EditLine *el);
/// Terminal height in lines as libedit currently knows it (24 if unknown).
int le_terminal_height(EditLine *el);
/// Terminal cells of one character (wcwidth; 1 for unprintable ones). Swift cannot see wcwidth.
int le_char_width(unsigned int codepoint);
/// C's stdout / stderr: the Glibc globals are mutable vars that Swift 6 rejects.
FILE *le_stdout(void);
FILE *le_stderr(void);

/// history_init with H_SETSIZE `size` (the default size 0 keeps nothing) and H_SETUNIQUE.
History *le_history_open(int size);
void le_history_close(History *h);
/// EL_HIST: lets Up/Down, Ctrl-R and the search commands browse `h`.
int le_history_attach(EditLine *el, History *h);
/// H_ENTER.
int le_history_add(History *h, const char *line);
/// H_LOAD: number of entries read, or -1 (missing file, no _HiStOrY_V2_ header, ...).
int le_history_load(History *h, const char *path);
/// Writes `path`.tmp<pid> then renames it over `path`, with SIGHUP/SIGTERM blocked, so the
/// file is never seen truncated. Returns the number of entries written, or -1 (errno set).
int le_history_save(History *h, const char *path);
/// Walks the entries oldest first: pass 1 for the first call, 0 for the next ones; NULL at the end.
const char *le_history_walk(History *h, int from_oldest);

/// Writes the escape that turns the terminal's bracketed-paste mode on or off.
void le_bracketed_paste_mode(EditLine *el, int on);
/// To be called from the command bound to ESC[200~: reads up to ESC[201~ and returns the pasted
/// text as malloc'd UTF-8 (CR and CRLF turned into LF, other control characters but TAB
/// dropped). Free it with le_free.
char *le_read_bracketed_paste(EditLine *el);
void le_free(void *p);

#endif
