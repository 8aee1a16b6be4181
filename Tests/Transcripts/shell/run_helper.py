# Run by magic_save_run.nnrepl through %run: script display rules, so `total` is not shown.
total = 0
for k in range(4):
    total += k
total
print("helper ran, total =", total)
