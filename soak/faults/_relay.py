"""A loopback TCP relay that can be cut: a proxy of the suite's own is
pointed at it instead of Keystone or Glance, and cutting it (refusing new
connections and dropping the open ones) is that service going down for
that proxy alone; the shared service and everyone else's tests go on."""
import socket
import threading

from tests import stack


class Relay:
    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.port = stack.free_port()
        self.url_host = "127.0.0.1:%d" % self.port
        self._listener = None
        self._open = set()
        self._lock = threading.Lock()

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,),
                         daemon=True).start()
        return self

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=10)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink),
                                 daemon=True).start()

    def _pump(self, source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        """The service goes away: no new connection, the open ones reset."""
        if self._listener is not None:
            # shutdown first: close() alone leaves the thread blocked in
            # accept() holding the socket, which then keeps accepting.
            try:
                self._listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._open:
                try:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                    b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    sock.close()
                except OSError:
                    pass
            self._open.clear()

    def restore(self):
        if self._listener is None:
            self.start()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cut()
