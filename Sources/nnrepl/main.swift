print("nnrepl")
