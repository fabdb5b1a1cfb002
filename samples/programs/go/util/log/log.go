// Package log is a tiny CubeFS-style logger:
// "2026/11/21 16:26:30.739618 file.go:123: [INFO] msg"
package log

import (
	"fmt"
	golog "log"
	"os"
)

var std = golog.New(os.Stderr, "", golog.LstdFlags|golog.Lmicroseconds|golog.Lshortfile)

func out(level, format string, args ...interface{}) {
	std.Output(3, "["+level+"] "+fmt.Sprintf(format, args...))
}

func LogInfof(format string, args ...interface{})  { out("INFO", format, args...) }
func LogWarnf(format string, args ...interface{})  { out("WARN", format, args...) }
func LogErrorf(format string, args ...interface{}) { out("ERROR", format, args...) }
func LogDebugf(format string, args ...interface{}) { out("DEBUG", format, args...) }
