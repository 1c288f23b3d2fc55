/**
 * Exposure: which sources reach which services ({@link dev.rampart.analysis.exposure.ServiceMatrix}), and
 * what a port scan from one address would report ({@link dev.rampart.analysis.exposure.ScanPrediction}).
 */
package dev.rampart.analysis.exposure;
