# run_forever runs callbacks until stop() is called
import asyncio

loop = asyncio.new_event_loop()
calls = []
loop.call_soon(calls.append, "soon")
loop.call_later(0.02, calls.append, "later")
loop.call_later(0.05, loop.stop)
loop.run_forever()
print(calls, loop.is_running())
loop.close()
