import Foundation
import LectorTestKit

/// Small plugins for tests, written as one Python script whose first argument picks a behaviour.
///
/// Every behaviour answers normally except on articles whose text contains `MARKER`, where it
/// misbehaves: `crash` exits with status 3, `hang` sleeps forever, `garbage` prints a line that is
/// not JSON, `flood` writes 100 MB without a newline, `error` sends an error reply. `exit-at-start`
/// exits before its handshake; `fail-twice` does so on its first two starts only; `slow` takes a
/// second per article; `chatty` writes 20,000 lines to stderr on the marked article; `good` never
/// misbehaves.
/// `sloppy` breaks the rules `lector plugin test` checks: it returns an undeclared annotation for a
/// very short text, answers differently each time, and does not exit when asked to.
/// The annotation `probe` holds the text's length and the plugin's process id.
enum TestPlugins {
    static let script = #"""
        import json, os, sys, time

        mode = sys.argv[1]
        languages = sys.argv[2].split(",") if len(sys.argv) > 2 and sys.argv[2] else []
        if mode == "exit-at-start":
            print("cannot load the model", file=sys.stderr, flush=True)
            sys.exit(3)
        if mode == "fail-twice":
            # The first two starts fail, later ones work: a model server that comes up late.
            counter = os.path.join(os.path.dirname(os.path.abspath(__file__)), "starts")
            starts = int(open(counter).read()) + 1 if os.path.exists(counter) else 1
            open(counter, "w").write(str(starts))
            if starts <= 2:
                print("start %d: the model server is not up yet" % starts, file=sys.stderr, flush=True)
                sys.exit(4)

        def send(message):
            sys.stdout.write(json.dumps(message) + "\n")
            sys.stdout.flush()

        hello = {"type": "hello", "protocol": 1, "name": "probe-" + mode, "version": "2.1.0",
                 "provides": ["probe"], "requires": []}
        if languages:
            hello["languages"] = languages
        send(hello)
        for line in sys.stdin:
            message = json.loads(line)
            if message["type"] == "shutdown":
                break
            text = message["text"]
            marked = "MARKER" in text
            print("working on " + message["article"]["name"], file=sys.stderr, flush=True)
            if marked and mode == "crash":
                sys.exit(3)
            if marked and mode == "hang":
                time.sleep(3600)
            if marked and mode == "garbage":
                sys.stdout.write("this is not json\n")
                sys.stdout.flush()
                continue
            if marked and mode == "flood":
                block = "x" * (1 << 20)
                for _ in range(100):
                    sys.stdout.write(block)
                sys.stdout.flush()
                continue
            if marked and mode == "chatty":
                for number in range(20000):
                    print("chatter %d" % number, file=sys.stderr)
                sys.stderr.flush()
            if marked and mode == "error":
                send({"id": message["id"], "error": {"code": "unsupported", "message": "cannot read this one"}})
                continue
            if mode == "slow":
                time.sleep(1)
            annotations = {"probe": {
                "length": len(text), "pid": os.getpid(), "config": message["config"],
                "language": message["article"].get("language")}}
            if mode == "sloppy":
                annotations["probe"]["at"] = time.time()
                if len(text) < 10:
                    annotations["extra"] = 1
            send({"id": message["id"], "annotations": annotations})
        if mode == "sloppy":
            time.sleep(3600)
        """#

    /// Writes the script into `folder` and returns its path.
    static func write(in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("probe.py").path
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A configuration file with one plugin `probe` running the script in `mode`.
    static func config(in folder: URL, mode: String, languages: String = "", extra: [String] = []) throws -> String {
        let script = try write(in: folder)
        let lines =
            [
                "pipeline:",
                "  processors: [text]",
                "plugins:",
                "  probe:",
                "    command: python3",
                "    args: ['\(script)', '\(mode)', '\(languages)']",
                "    restart_backoff: 50ms",
                "    config:",
                "      threshold: 3",
            ] + extra.map { "    " + $0 }
        let path = folder.appendingPathComponent("lector-\(mode).yaml").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
