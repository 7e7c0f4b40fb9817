"""Reading mail: MIME, quotes and signatures, threads, authentication results, language.

The lowest floor of the pure core: it knows nothing of projects, the absence or the store.
"""
