# _thread.interrupt_main from the main thread raises KeyboardInterrupt there; a bad signal number is a ValueError
import _thread

try:
    _thread.interrupt_main()
    for _ in range(1000):
        pass
    print("not interrupted")
except KeyboardInterrupt:
    print("KeyboardInterrupt in the main thread")
try:
    _thread.interrupt_main(100000)
except ValueError as error:
    print(error)
