print("camlab")
