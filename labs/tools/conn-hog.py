import socket, sys
host, port, want = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
socks = []
try:
    for i in range(want):
        s = socket.create_connection((host, port), timeout=2)
        socks.append(s)
    print(f"opened {len(socks)} connections")
except OSError as e:
    print(f"opened {len(socks)} connections, then: {e}")
