# Run by magic_run_error.nnrepl: the error is reported with this file's name and line.
ok = 1
print("before the error")
ok + missing_name
print("never printed")
