package convert

// DecodeObjectsForTest exposes the JSON reader to the external tests.
func DecodeObjectsForTest(data []byte) ([]map[string]any, error) { return decodeObjects(nil, data) }
