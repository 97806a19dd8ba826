// Package hotspots finds dense regions in a sliding window of points: the pure core of Kinesis Data Analytics'
// HOTSPOTS(inputStream, windowSize, scanRadius, minimumNumberOfPointsInAHotspot) (SQL reference, sqlrf-hotspots).
//
// # Usage
//
//	h, err := hotspots.New(hotspots.Config{WindowSize: 1000, ScanRadius: 0.2, MinimumNumberOfPointsInAHotspot: 17, Dimensions: 2})
//	res, err := h.Add([]float64{x, y}) // the window's hotspots after this point
//	js := res.AppendJSON(nil)          // HOTSPOTS_RESULT: {"hotspots":[{"density":…,"minValues":[…],"maxValues":[…]}]}
//
// # Model
//
// The window holds the WindowSize most recent points. Its hotspots are its DBSCAN clusters, with ScanRadius as
// DBSCAN's ε and MinimumNumberOfPointsInAHotspot as its minPts (the SQL reference calls the radius "analogous to
// the ε value in the DBSCAN algorithm"); each is reported as the bounding box of its points with a density, its
// share of the window's points over its share of the window's volume. AWS documents no formula for density
// (analytics.md §3, UNVERIFIED): compare hotspots with each other, not with AWS's numbers.
//
// Neighbours are found by a sweep over the window ordered by the first coordinate, so a step costs about the
// window size times the points within the radius on that coordinate.
//
// A Detector is not safe for concurrent use; the package starts no goroutines and reads no clock.
package hotspots
