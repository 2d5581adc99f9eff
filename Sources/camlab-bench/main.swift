import CamLabCore
print(BLAS.summary)
