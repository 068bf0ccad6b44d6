"""censorwatch: watch which services your internet blocks, how, and since when."""

__version__ = "0.1.0"

# dnspython imports aioquic (installed for the quic probe) as soon as its resolver is
# imported, for DNS over QUIC, which censorwatch never asks: a tenth of a second of every
# start. Its own feature switch turns that off, before anything imports the resolver.
import dns._features

dns._features.force("doq", False)
